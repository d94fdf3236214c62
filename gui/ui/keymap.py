"""The one keymap: every action of the window as data — id, menu label, menu, shortcuts, help text, and the
characters typed in the reader that do it. The menus (`shell/window.py`), the reader's keys (`Reader.keyPressEvent`
looks a typed character up in `TYPED`) and the shortcut help (F1, `shell/dialogs.py`) are all made from here,
so that they cannot drift apart. The handler of each action is bound by id in the one wiring place
(`MainWindow._handlers`); a test checks that every action has one.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ActionSpec:
    """One action: `shortcuts` are Qt key sequences ("Ctrl+O", "Shift+U"); `typed` are the characters that do it
    when typed in the reader (the reader takes plain letters itself: a read-only text view would swallow them)."""

    id: str
    label: str
    menu: str
    shortcuts: tuple[str, ...] = ()
    help: str = ""
    typed: tuple[str, ...] = ()


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("add-files", "Add &Files…", "File", ("Ctrl+O",), "import document files"),
    ActionSpec("add-folder", "Add F&older…", "File", ("Ctrl+Shift+O",), "import every PDF and text file of a folder"),
    ActionSpec("export", "&Export Notes…", "File", ("Ctrl+E",), "Markdown, HTML, CSV, JSON-LD or REFI-QDA"),
    ActionSpec("merge", "&Merge a Colleague's Annotations…", "File", ("Ctrl+Shift+M",),
               "JSON-LD, .qdpx project or .qdc codebook"),
    ActionSpec("rename-document", "Re&name Document…", "File", (),
               "give the document another display title (F2 in the library)"),
    ActionSpec("remove-document", "&Remove Document from Library…", "File", (),
               "its annotations with it, or kept as orphans (Delete in the library; undoable)"),
    ActionSpec("import-coding", "Import &Coding Table…", "File", (),
               "a CSV of document, paragraph, theme (and note, coder): each row one annotation"),
    ActionSpec("attributes", "Document &Attributes…", "File", ("Ctrl+Shift+I",),
               "mission, organ, type, country, period, your own — of the open document or all the filter shows"),
    ActionSpec("quit", "&Quit", "File", ("Ctrl+Q",), "close Marginalia"),
    ActionSpec("undo", "&Undo", "Edit", ("Ctrl+Z",), "undo the last change"),
    ActionSpec("redo", "&Redo", "Edit", ("Ctrl+Shift+Z", "Ctrl+Y"), "redo"),
    ActionSpec("palette", "Apply &Theme…", "Edit", ("Ctrl+T",), "pick any theme by typing its name"),
    ActionSpec("note", "Add or Edit &Note", "Edit", ("Ctrl+N",), "write a note on the current block's annotation",
               ("n",)),
    ActionSpec("themes", "&Manage Themes…", "Edit", ("Ctrl+Shift+T",), "add, rename, recolour, merge, delete"),
    ActionSpec("coder", "Your Name as &Coder…", "Edit", (), "whose annotations you make in this database"),
    ActionSpec("adopt", "A&dopt a Decision as Consensus…", "Edit", ("A",),
               "comparing coders: make the consensus coder's themes on this block one coder's", ("a",)),
    ActionSpec("search", "&Search…", "Find", ("Ctrl+F", "Ctrl+K"), "search all documents and notes"),
    ActionSpec("next-untagged", "Next &Untagged Paragraph", "Find", ("U",), "", ("u",)),
    ActionSpec("previous-untagged", "Previous Untagged Paragraph", "Find", ("Shift+U",), "", ("U",)),
    ActionSpec("next-tagged", "Next &Tagged Paragraph", "Find", ("T",), "", ("t",)),
    ActionSpec("previous-tagged", "Previous Tagged Paragraph", "Find", ("Shift+T",), "", ("T",)),
    ActionSpec("next-section", "Next &Section", "Find", ("]",), "", ("]",)),
    ActionSpec("previous-section", "Previous Section", "Find", ("[",), "", ("[",)),
    ActionSpec("next-disagreement", "Next &Disagreement", "Find", ("D",),
               "comparing coders: the next block on which they decided differently", ("d",)),
    ActionSpec("previous-disagreement", "Previous Disagreement", "Find", ("Shift+D",), "", ("D",)),
    ActionSpec("library", "Go to the &Library", "Find", ("Ctrl+L",), "the library's list, at the open document"),
    ActionSpec("next-document", "Ne&xt Document", "Find", ("Ctrl+PgDown",), "the next document in the library"),
    ActionSpec("previous-document", "Pre&vious Document", "Find", ("Ctrl+PgUp",),
               "the previous document in the library"),
    ActionSpec("source", "Show &Source Beside the Text", "View", ("Ctrl+U",), "verify the extraction"),
    ActionSpec("doubtful-words", "&Underline Doubtful Recognised Words", "View", (),
               "a scanned document: dotted underline under the words recognition (OCR) was unsure of"),
    ActionSpec("zoom-in", "&Larger Text", "View", ("Ctrl+=", "Ctrl++"), "the reader's text (or the printed page)"),
    ActionSpec("zoom-out", "S&maller Text", "View", ("Ctrl+-",), "the reader's text (or the printed page)"),
    ActionSpec("zoom-reset", "&Actual Size", "View", ("Ctrl+0",), "the reader's text (the printed page: fit width)"),
    ActionSpec("reset-layout", "&Reset Layout", "View", (), "the panels as on a first start"),
    ActionSpec("appearance-system", "Appearance: &System", "View", (), "light or dark as the desktop is"),
    ActionSpec("appearance-light", "Appearance: L&ight", "View", (), "always light"),
    ActionSpec("appearance-dark", "Appearance: &Dark", "View", (), "always dark"),
    ActionSpec("agreement", "Inter-coder A&greement…", "View", (),
               "how far coders agree, theme by theme, and the passages they disagree on"),
    ActionSpec("overview", "O&verview…", "View", (), "the themes across documents, over time and together"),
    ActionSpec("query", "Coding &Query…", "View", ("Ctrl+Shift+Q",),
               "passages with themes A AND B, A NOT B, … within a paragraph, section or document"),
    ActionSpec("words", "&Words in Context…", "View", ("Ctrl+Shift+K",),
               "the search's word in its contexts, aligned; the most frequent words of a theme or document"),
    ActionSpec("compare", "Compare &Coders", "View", ("Ctrl+Shift+C",),
               "each coder's theme bars side by side in the margin, disagreements marked"),
    ActionSpec("help", "&Keyboard Shortcuts", "Help", ("F1",), "this list", ("?",)),
    ActionSpec("about", "&About Marginalia", "Help", (), ""),
    ActionSpec("themes-panel", "Go to the &Themes Panel", "Codebook", ("Ctrl+Shift+B",),
               "the codebook: click filters the margin, double-click lists passages, drag to nest"),
    ActionSpec("clear-theme-filter", "Show &All Themes in the Margin", "Codebook", (),
               "clear the filter a click in the Themes panel set"),
    ActionSpec("suggest-toggle", "Su&ggest Themes", "Codebook", ("Ctrl+Shift+G",),
               "ghost bars in the margin: themes learned from the coding so far (never applied on their own)"),
    ActionSpec("suggestion-next", "&Next Suggestion", "Codebook", ("S",), "the next paragraph with a suggestion",
               ("s",)),
    ActionSpec("suggestion-previous", "Previous Suggestion", "Codebook", ("Shift+S",), "", ("S",)),
    ActionSpec("suggestion-accept", "&Accept Suggestion", "Codebook", ("Y",),
               "tag the paragraph with its best suggested theme (one undo step; the model is recorded)", ("y",)),
    ActionSpec("suggestion-reject", "&Reject Suggestion", "Codebook", ("X",),
               "never suggest that theme on this paragraph again (undoable)", ("x",)),
    ActionSpec("suggestions-tab", "Suggestions &List", "Codebook", ("Ctrl+Shift+L",),
               "the document's or the library's suggestions by score: accept or reject many at once"),
    ActionSpec("default-themes", "Add &Default Peacekeeping Sub-themes", "Codebook", (),
               "the default codebook's themes this database lacks (the POC sub-themes)"),
)

# The menu bar's order (a menu not named here comes last).
MENUS: tuple[str, ...] = ("File", "Edit", "Codebook", "Find", "View", "Help")

READER_MOVES: tuple[tuple[str, str], ...] = (
    ("↓ / j, ↑ / k", "next / previous block (in the Structure panel too)"),
    ("Shift+↓ / Shift+↑", "extend the selection over several blocks"),
    ("Shift+click, drag", "extend the selection; a drag inside a block selects whole words"),
    ("Home / End", "first / last block"),
    ("Page Down / Page Up", "a page on / back; the current block is the first that begins in view"),
)
"""The reader's own movement keys (not actions: they move within the view that has the focus)."""

DIGITS = ("1 – 9", "toggle the theme with that digit on the selection (or on selected text)")

TYPED: dict[str, str] = {key: spec.id for spec in ACTIONS for key in spec.typed}
"""A character typed in the reader → the id of the action it does."""


def typed_rows() -> list[tuple[str, str]]:
    """The reader's typed keys as help rows, a next/previous pair on one row ("u / U", "next / previous
    untagged paragraph")."""
    rows: list[tuple[str, str]] = []
    by_id = {spec.id: spec for spec in ACTIONS}
    for spec in ACTIONS:
        if not spec.typed or spec.id.startswith("previous-"):
            continue
        does = spec.help or spec.label.replace("&", "").rstrip("…").lower()
        keys = " / ".join(spec.typed)
        partner = by_id.get(spec.id.replace("next-", "previous-", 1)) if spec.id.startswith("next-") else None
        if partner is not None and partner.typed:
            keys += " / " + " / ".join(partner.typed)
            what = spec.label.replace("&", "").split(" ", 1)[1].lower()
            does = f"next / previous {what}" + (f" ({spec.help})" if spec.help else "")
        rows.append((keys, does))
    return rows


READER_KEYS: tuple[tuple[str, str], ...] = (
    *READER_MOVES, DIGITS, *typed_rows(),
    ("Right-click", "themes and note for the paragraph under the pointer (on a selection: all of it)"),
)
"""The reader's keys as the shortcut help (F1) and the README list them."""

THEMES_PANEL_KEYS: tuple[tuple[str, str], ...] = (
    ("Click (Themes panel)", "show only that theme and its sub-themes in the margin; filter the search"),
    ("Double-click / Enter (Themes panel)", "list the theme's passages in the Search tab"),
    ("Esc (Themes panel)", "show every theme in the margin again"),
    ("F2 (Themes panel)", "rename the theme"),
    ("Delete / F2 (library)", "remove the selected document (asks; undoable) / rename it"),
    ("Drag (Themes panel)", "onto a theme: make it a sub-theme; between themes: reorder"),
)
