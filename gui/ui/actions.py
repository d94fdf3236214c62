"""Every action of the window as data: id, label, shortcut, menu. Menus and the shortcut help come from here."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ActionSpec:
    id: str
    label: str
    menu: str
    shortcuts: tuple[str, ...] = ()
    help: str = ""


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
    ActionSpec("attributes", "Document &Attributes…", "File", ("Ctrl+Shift+I",),
               "mission, organ, type, country, period, your own — of the open document or all the filter shows"),
    ActionSpec("quit", "&Quit", "File", ("Ctrl+Q",), "close Marginalia"),
    ActionSpec("undo", "&Undo", "Edit", ("Ctrl+Z",), "undo the last change"),
    ActionSpec("redo", "&Redo", "Edit", ("Ctrl+Shift+Z", "Ctrl+Y"), "redo"),
    ActionSpec("palette", "Apply &Theme…", "Edit", ("Ctrl+T",), "pick any theme by typing its name"),
    ActionSpec("note", "Add or Edit &Note", "Edit", ("Ctrl+N",), "write a note on the current block's annotation"),
    ActionSpec("themes", "&Manage Themes…", "Edit", ("Ctrl+Shift+T",), "add, rename, recolour, merge, delete"),
    ActionSpec("coder", "Your Name as &Coder…", "Edit", (), "whose annotations you make in this database"),
    ActionSpec("adopt", "A&dopt a Decision as Consensus…", "Edit", ("A",),
               "comparing coders: make the consensus coder's themes on this block one coder's"),
    ActionSpec("search", "&Search…", "Find", ("Ctrl+F", "Ctrl+K"), "search all documents and notes"),
    ActionSpec("next-untagged", "Next &Untagged Paragraph", "Find", ("U",), ""),
    ActionSpec("previous-untagged", "Previous Untagged Paragraph", "Find", ("Shift+U",), ""),
    ActionSpec("next-tagged", "Next &Tagged Paragraph", "Find", ("T",), ""),
    ActionSpec("previous-tagged", "Previous Tagged Paragraph", "Find", ("Shift+T",), ""),
    ActionSpec("next-section", "Next &Section", "Find", ("]",), ""),
    ActionSpec("previous-section", "Previous Section", "Find", ("[",), ""),
    ActionSpec("next-disagreement", "Next &Disagreement", "Find", ("D",),
               "comparing coders: the next block on which they decided differently"),
    ActionSpec("previous-disagreement", "Previous Disagreement", "Find", ("Shift+D",), ""),
    ActionSpec("source", "Show &Source Beside the Text", "View", ("Ctrl+U",), "verify the extraction"),
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
    ActionSpec("compare", "Compare &Coders", "View", ("Ctrl+Shift+C",),
               "each coder's theme bars side by side in the margin, disagreements marked"),
    ActionSpec("help", "&Keyboard Shortcuts", "Help", ("F1",), "this list"),
    ActionSpec("about", "&About Marginalia", "Help", (), ""),
    ActionSpec("themes-panel", "Go to the &Themes Panel", "Codebook", ("Ctrl+Shift+B",),
               "the codebook: click filters the margin, double-click lists passages, drag to nest"),
    ActionSpec("clear-theme-filter", "Show &All Themes in the Margin", "Codebook", (),
               "clear the filter a click in the Themes panel set"),
    ActionSpec("default-themes", "Add &Default Peacekeeping Sub-themes", "Codebook", (),
               "the default codebook's themes this database lacks (the POC sub-themes)"),
)

# The menu bar's order (a menu not named here comes last).
MENUS: tuple[str, ...] = ("File", "Edit", "Codebook", "Find", "View", "Help")

READER_KEYS: tuple[tuple[str, str], ...] = (
    ("↓ / j, ↑ / k", "next / previous block"),
    ("Shift+↓ / Shift+↑", "extend the selection over several blocks"),
    ("Home / End", "first / last block"),
    ("1 – 9", "toggle the theme with that digit on the selection (or on selected text)"),
    ("u / U", "next / previous untagged paragraph"),
    ("t / T", "next / previous tagged paragraph"),
    ("] / [", "next / previous section"),
    ("n", "note on the current block"),
    ("d / D", "comparing coders (Ctrl+Shift+C): next / previous disagreement"),
    ("a", "comparing coders: adopt one coder's decision on the block as the consensus"),
    ("?", "keyboard shortcuts"),
    ("Right-click", "themes and note for the selection"),
)

THEMES_PANEL_KEYS: tuple[tuple[str, str], ...] = (
    ("Click (Themes panel)", "show only that theme and its sub-themes in the margin; filter the search"),
    ("Double-click / Enter (Themes panel)", "list the theme's passages in the Search tab"),
    ("Esc (Themes panel)", "show every theme in the margin again"),
    ("F2 (Themes panel)", "rename the theme"),
    ("Delete / F2 (library)", "remove the selected document (asks; undoable) / rename it"),
    ("Drag (Themes panel)", "onto a theme: make it a sub-theme; between themes: reorder"),
)
