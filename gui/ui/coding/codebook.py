"""The window's codebook: the Themes panel and what it does, the margin filter, the reader's theme menu and the
theme manager. The window holds one `Codebook` and tells it when themes, annotations or documents change.

- A click on a theme filters the reader's margin to the theme and its sub-themes (the menu bar says so, with
  a ✕ to clear) and sets the Search tab's theme filter; a double-click lists its passages there.
- A drag reorders siblings or nests a theme (`MoveThemeCommand`, undoable); the right-click menu renames,
  recolours, sets the digit, adds a sub-theme, moves to the top level, merges and deletes (the theme manager's
  functions and commands).
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QActionGroup, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import QColorDialog, QInputDialog, QMenu, QMenuBar, QPushButton, QSizePolicy, QTabWidget, QWidget

from gui.core.annotations import Annotation
from gui.core.errors import MarginaliaError
from gui.core.themes import depth, display_name, family
from gui.ui.coding import theme_dialogs
from gui.ui.coding.commands import MoveThemeCommand, RemoveThemeCommand, ThemeRemoval, siblings
from gui.ui.coding.themes_panel import CountRunner, ThemesPanel
from gui.ui.reader.reader import Reader
from gui.ui.session import Frame
from gui.ui.widgets.panels import SearchPanel, mnemonic_safe, swatch

Margin = tuple[dict[str, list[QColor]], dict[str, list[QColor]], list[tuple[str, tuple[int, int], QColor]]]
INDENT = "\u2003"  # an em space per level: sub-themes indented under their theme in menus


class CodebookHost(Frame, Protocol):
    """What the codebook needs of the window it sits in (the main window is one; a test may build another)."""

    @property
    def reader(self) -> Reader: ...
    @property
    def search(self) -> SearchPanel: ...
    @property
    def left_tabs(self) -> QTabWidget: ...
    @property
    def block_annotations(self) -> list[Annotation]: ...
    def menuBar(self) -> QMenuBar: ...
    def mapToGlobal(self, pos: QPoint) -> QPoint: ...
    def show_side(self, index: int) -> None: ...
    def refresh_all(self) -> None: ...
    def refresh_library(self) -> None: ...
    def refresh_annotations(self) -> None: ...
    def run_search(self) -> None: ...
    def edit_theme(self, theme_id: int, changes: dict[str, object]) -> None: ...
    def add_theme(self, name: str, color: str, parent: int | None = None) -> bool: ...
    def toggle_theme(self, theme_id: int) -> None: ...
    def toggle_digit(self, digit: int) -> None: ...
    def write_note(self) -> None: ...


def ask_text(parent: QWidget, title: str, label: str, text: str) -> tuple[str, bool]:
    """A one-line question whose field is wide enough for the whole answer ("Protection through dialogue and
    engagement"), not Qt's 200 px."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setTextValue(text)
    dialog.resize(max(360, dialog.fontMetrics().horizontalAdvance(text) + 140), dialog.sizeHint().height())
    accepted = dialog.exec() == QInputDialog.DialogCode.Accepted
    return dialog.textValue(), accepted


class Codebook(QObject):
    """The Themes panel of `window`, its counts, the margin filter and every theme menu."""

    def __init__(self, window: CodebookHost, parent: QWidget) -> None:
        super().__init__(parent)
        self.window = window
        self.over = parent  # the widget its dialogs and menus open over (the main window)
        self.panel = ThemesPanel()
        self.filtered: int | None = None  # the theme the margin shows, with its sub-themes; None: every theme
        self.filter_button = QPushButton()  # "filtered: POC ✕"
        self.filter_button.setFlat(True)
        self.filter_button.setAccessibleName("Clear the theme filter")
        self.filter_button.clicked.connect(lambda: self.filter_to(None))
        self.filter_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.filter_button.hide()
        # At the menu bar's right end: in sight at any window size (the status bar is full in a narrow one).
        window.menuBar().setCornerWidget(self.filter_button, Qt.Corner.TopRightCorner)
        self.counts = CountRunner(window.session.store.path)  # off the GUI thread: the corpus's count grows with it
        self.answered = 0  # the number of the last count shown
        self.counts.counted.connect(self._counted)
        self.counts.failed.connect(window.show_error)
        self.count_timer = QTimer(self)
        self.count_timer.setSingleShot(True)
        self.count_timer.setInterval(150)  # a run of tags is counted once
        self.count_timer.timeout.connect(lambda: self.counts.ask(window.session.doc_id))
        self.panel.chosen.connect(self.filter_to)
        self.panel.listed.connect(self.list_passages)
        self.panel.cleared.connect(lambda: self.filter_to(None))
        self.panel.menu_wanted.connect(self.theme_menu)
        self.panel.digit.connect(lambda d: window.toggle_digit(d))  # digits work from here too
        self.panel.model.move_wanted.connect(self.move, Qt.ConnectionType.QueuedConnection)  # after the drop
        window.session.themes_changed.connect(self.set_themes)  # the codebook read again, from wherever
        rename = QShortcut(QKeySequence("F2"), self.panel.tree, self._rename_current)
        rename.setContext(Qt.ShortcutContext.WidgetShortcut)  # PySide6 drops a context= given with a slot

    # --- what the window tells it ------------------------------------------------------------------------
    def set_themes(self) -> None:
        """The codebook changed (or was read first): the tree, the filter and the counts again."""
        self.panel.set_themes(self.window.session.themes)
        if self.filtered is not None and self.filtered not in self.window.session.theme_by_id:
            self.filtered = None  # merged away or deleted
        self._show_filter()
        self.recount()

    def library_changed(self) -> None:
        """After an import or a merge (the search's choices were made again): sub-themes indented under their
        theme in the search's theme filter, and the counts again."""
        combo = self.window.search.theme
        for i in range(combo.count()):
            theme = self.window.session.theme_by_id.get(combo.itemData(i))
            if theme is not None:
                combo.setItemText(i, INDENT * depth(self.window.session.themes, theme.id) + theme.name)
                combo.setItemData(i, display_name(self.window.session.themes, theme.id), Qt.ItemDataRole.ToolTipRole)
        self.recount()

    def recount(self) -> None:
        """Annotations or documents changed: the counts are asked again, in a moment, off the GUI thread."""
        self.count_timer.start()

    def _counted(self, number: int, here: dict[int, int], corpus: dict[int, int]) -> None:
        if number == self.counts.number and not self.window.session.closing:
            self.panel.model.set_counts(here, corpus)
            self.answered = number

    def counting(self) -> bool:
        """Whether counts were asked for and are not shown yet (a screenshot waits for them)."""
        return self.count_timer.isActive() or self.answered != self.counts.number

    def stop(self) -> None:
        self.count_timer.stop()
        self.counts.stop()

    # --- the margin and its filter -----------------------------------------------------------------------
    def margin(self, anchored: list[Annotation]) -> Margin:
        """Bars for the reader's margin: whole-block themes (solid), themes on words (hollow) and the words,
        in codebook order; with a filter, only the filtered theme and its sub-themes."""
        window = self.window
        shown = family(window.session.themes, self.filtered) if self.filtered is not None else None
        colours: dict[str, list[QColor]] = {}
        span_colours: dict[str, list[QColor]] = {}
        spans: list[tuple[str, tuple[int, int], QColor]] = []
        order = {t.id: n for n, t in enumerate(window.session.themes)}
        for a in sorted(anchored, key=lambda a: order.get(a.theme_id, 0)):
            theme = window.session.theme_by_id.get(a.theme_id)
            if not a.eid or theme is None or (shown is not None and theme.id not in shown):
                continue
            colour = QColor(theme.color)
            bucket = (colours if a.span is None else span_colours).setdefault(a.eid, [])
            if colour not in bucket:
                bucket.append(colour)
            if a.span is not None:
                spans.append((a.eid, a.span, colour))
        return colours, span_colours, spans

    def filter_to(self, theme_id: int | None) -> None:
        """Show only this theme's family in the margin and search only its passages (None: every theme)."""
        window = self.window
        if theme_id is not None and theme_id not in window.session.theme_by_id:
            return
        self.filtered = theme_id
        self._show_filter()
        window.refresh_annotations()
        combo = window.search.theme
        if theme_id is not None and combo.findData(theme_id) < 0:  # a theme added since the choices were made
            window.search.set_filters(window.session.themes, window.session.store.document_labels())
            self.library_changed()
        combo.blockSignals(True)  # no theme listing on a click: that is the double-click
        combo.setCurrentIndex(max(0, combo.findData(theme_id)))
        combo.blockSignals(False)
        if window.search.box.text().strip():
            window.run_search()

    def _show_filter(self) -> None:
        theme = self.window.session.theme_by_id.get(self.filtered) if self.filtered is not None else None
        self.panel.model.set_filtered(theme.id if theme else None)
        if theme is None:
            self.filter_button.hide()
            return
        name = theme.name if len(theme.name) <= 22 else theme.name[:21] + "…"
        self.filter_button.setText(mnemonic_safe(f"filtered: {name} ✕"))
        self.filter_button.setToolTip(f"The margin shows only {display_name(self.window.session.themes, theme.id)} "
                                      "(with its sub-themes). Click to show every theme again.")
        self.filter_button.show()

    def list_passages(self, theme_id: int) -> None:
        """Every passage of the theme and its sub-themes, listed in the Search tab."""
        window = self.window
        self.filter_to(theme_id)
        window.show_side(0)
        window.left_tabs.setCurrentWidget(window.search)
        window.search.box.blockSignals(True)
        window.search.box.clear()
        window.search.box.blockSignals(False)
        window.run_search()

    # --- moving themes -----------------------------------------------------------------------------------
    def move(self, theme_id: int, parent_id: int | None, order: list[int]) -> None:
        """Put a theme under `parent_id` (None: the top level), its siblings then in `order`: one undo step."""
        window = self.window
        try:
            command = MoveThemeCommand(window.session.store, theme_id, parent_id, order, window.refresh_all)
            window.undo_stack.push(command)
        except MarginaliaError as error:
            window.show_error(str(error))

    def to_top_level(self, theme_id: int) -> None:
        self.move(theme_id, None, [*(i for i in siblings(self.window.session.themes, None) if i != theme_id), theme_id])

    # --- the panel's right-click menu --------------------------------------------------------------------
    def theme_menu(self, theme_id: int, at: QPoint) -> None:
        menu = self.build_theme_menu(theme_id)
        if menu is not None:
            menu.exec(at)

    def build_theme_menu(self, theme_id: int) -> QMenu | None:
        window = self.window
        theme = window.session.theme_by_id.get(theme_id)
        if theme is None:
            return None
        menu = QMenu(self.panel)
        menu.addAction("Show Only This Theme in the Margin\tClick", lambda: self.filter_to(theme_id))
        menu.addAction("List Its Passages\tEnter", lambda: self.list_passages(theme_id))
        menu.addSeparator()
        menu.addAction("Rename…\tF2", lambda: self.rename(theme_id))
        menu.addAction("Recolour…", lambda: self.recolour(theme_id))
        digits = menu.addMenu("Set Digit")
        group = QActionGroup(digits)
        for digit in [*range(1, 10), None]:
            owner = next((t for t in window.session.themes if digit is not None and t.digit == digit), None)
            label = str(digit) if digit else "None"
            label += f"\t{mnemonic_safe(owner.name)}" if owner is not None and owner.id != theme_id else ""
            action = digits.addAction(label)
            action.triggered.connect(lambda _=False, d=digit: self.edit(theme_id, {"digit": d}))
            action.setCheckable(True)
            action.setChecked(theme.digit == digit)
            group.addAction(action)
        menu.addAction("New Sub-theme…", lambda: self.new_subtheme(theme_id))
        top = menu.addAction("Move to Top Level", lambda: self.to_top_level(theme_id))
        top.setEnabled(theme.parent_id is not None)
        menu.addSeparator()
        over, store = self.over, window.session.store
        menu.addAction("Merge Into…", lambda: self.remove(theme_dialogs.ask_merge(over, store, theme)))
        menu.addAction("Delete…", lambda: self.remove(theme_dialogs.ask_delete(over, store, theme)))
        return menu

    def edit(self, theme_id: int, changes: dict[str, object]) -> None:
        """An undoable rename, recolour or new digit (the theme manager's `ThemeEditCommand`)."""
        try:
            self.window.edit_theme(theme_id, changes)
        except MarginaliaError as error:
            self.window.show_error(str(error))

    def _rename_current(self) -> None:
        current = self.panel.current_theme()
        if current is not None:
            self.rename(current)

    def rename(self, theme_id: int) -> None:
        theme = self.window.session.theme_by_id[theme_id]
        name, ok = ask_text(self.over, "Rename theme", "New name:", theme.name)
        name = name.strip()
        if not ok:
            return
        if name and name != theme.name:
            self.edit(theme_id, {"name": name})

    def recolour(self, theme_id: int) -> None:
        theme = self.window.session.theme_by_id[theme_id]
        # a window title, not a label: "&" is shown as written
        colour = QColorDialog.getColor(QColor(theme.color), self.over, f"Colour of {theme.name}")
        if colour.isValid() and colour.name() != theme.color:
            self.edit(theme_id, {"color": colour.name()})

    def new_subtheme(self, parent_id: int) -> None:
        """A new theme under `parent_id`, in a shade of its colour (undoable, as the theme manager's Add)."""
        window = self.window
        parent = window.session.theme_by_id[parent_id]
        name, ok = QInputDialog.getText(self.over, "New sub-theme", mnemonic_safe(f"Name of the new sub-theme of "
                                                                               f"“{parent.name}”:"))
        if not ok or not name.strip():
            return
        shade = QColor(parent.color).lighter(100 + 15 * (1 + len(window.session.store.subthemes(parent_id)) % 4))
        window.add_theme(name.strip(), shade.name(), parent=parent_id)  # one undo step

    def remove(self, removal: ThemeRemoval | None) -> None:
        """A merge or a deletion the analyst confirmed (None: cancelled), as one undo step."""
        if removal is None:
            return
        window = self.window
        try:
            window.undo_stack.push(RemoveThemeCommand(window.session.store, removal, window.refresh_all))
        except MarginaliaError as error:
            window.show_error(str(error))

    def changed(self) -> None:
        """After the theme manager or a panel edit: everything that shows themes, again."""
        self.window.refresh_all()

    def manage(self) -> None:
        theme_dialogs.ThemeManager(self.window.session.store, self.window.edit_theme, self.changed, self.over,
                                   add=self.window.add_theme, remove=self.remove).exec()

    def add_defaults(self) -> int:
        """Codebook ▸ Add Default Peacekeeping Sub-themes: the default themes this database lacks."""
        window = self.window
        try:
            added = window.session.store.add_default_themes()
        except MarginaliaError as error:
            window.show_error(str(error))
            return 0
        window.refresh_all()
        window.refresh_library()  # the search's theme filter lists them too
        window.show_message(f"Added {added} default theme(s) to the codebook." if added else
                            "The codebook already has every default theme (matched by key or name).", error=False)
        return added

    def focus(self) -> None:
        """Codebook ▸ Go to the Themes Panel: unfold it in a narrow window and put the keyboard there."""
        self.window.show_side(2)
        self.panel.tree.setFocus()
        if not self.panel.tree.currentIndex().isValid() and self.panel.model.themes:
            self.panel.tree.setCurrentIndex(self.panel.model.index(0, 0))

    # --- the reader's right-click menu -------------------------------------------------------------------
    def reader_menu(self, pos: QPoint) -> None:
        menu = self.build_reader_menu(pos)
        menu.exec(self.window.reader.mapToGlobal(pos))

    def build_reader_menu(self, pos: QPoint) -> QMenu:
        """Themes for the block under the pointer (or the selection, when the pointer is on it), each checked
        when every selected block has it from you; sub-themes indented under their theme, one click each."""
        window = self.window
        reader = window.reader
        if reader.placed:
            index = reader.index_at_position(reader.cursorForPosition(pos).position())
            if reader.placed[index].block.eid not in reader.selected_eids():
                reader.set_current(index, scroll=False)
        eids = set(reader.selected_eids())
        coder = window.session.coder
        mine = {(a.eid, a.theme_id) for a in window.block_annotations if a.coder == coder and a.span is None}
        menu = QMenu(self.over)
        for theme in window.session.themes:
            label = INDENT * depth(window.session.themes, theme.id) + mnemonic_safe(theme.name)
            action = menu.addAction(swatch(theme.color), label + (f"\t{theme.digit}" if theme.digit else ""))
            action.setCheckable(True)
            action.setChecked(bool(eids) and all((eid, theme.id) in mine for eid in eids))
            action.triggered.connect(lambda _=False, t=theme.id: window.toggle_theme(t))
        menu.addSeparator()
        menu.addAction("Add note…", window.write_note)
        return menu

