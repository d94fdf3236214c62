"""File ▸ Import Coding Table…: a CSV of (document, paragraph, theme[, note, coder]) read and placed off the
GUI thread, written in one transaction, reported row by row, and undone in one step."""

from __future__ import annotations

import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QThread, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from gui.core.errors import MarginaliaError
from gui.store import Store
from gui.ui.coding.commands import MergeCommand, Refresh
from gui.ui.session import JobRunner
from gui.ui.widgets import file_dialogs

if TYPE_CHECKING:
    from gui.store.coding_table import CodingReport


class CodingImportHost(JobRunner, Protocol):
    """What importing a coding table needs of the window: the store and coder, one job at a time with its
    progress dialog, and the views refreshed when the rows have landed."""

    @property
    def store(self) -> Store: ...
    @property
    def coder(self) -> str: ...
    @property
    def closing(self) -> bool: ...
    def window(self) -> QWidget: ...

class CodingImportWorker(QThread):
    """Reads, places and writes a coding table with its own database connection; can be cancelled."""

    progress = Signal(int, int)
    done = Signal(object, str)  # CodingReport or None, error message

    def __init__(self, db_path: Path, table: Path, coder: str) -> None:
        super().__init__()
        self.db_path, self.table, self.coder = db_path, table, coder
        self.cancelled = False

    def cancel(self) -> None:
        self.cancelled = True

    def run(self) -> None:
        from gui.store.coding_table import import_coding, read_coding_table

        try:
            with Store(self.db_path, import_corpus=False) as store:
                rows = read_coding_table(self.table)
                report = import_coding(store, rows, coder=self.coder, progress=self.progress.emit,
                                       cancelled=lambda: self.cancelled)
        except MarginaliaError as error:
            self.done.emit(None, str(error))
            return
        except Exception as error:  # a bug: said in one line, the window goes on
            traceback.print_exc()
            self.done.emit(None, f"{self.table}: unexpected error ({type(error).__name__}: {error}); nothing "
                                 "was imported")
            return
        self.done.emit(report, "")


class CodingImportCommand(MergeCommand):
    """The annotations a coding table brought in (already written); undo takes them out again."""

    def __init__(self, store: Store, ann_ids: list[str], source: str, refresh: Refresh) -> None:
        super().__init__(store, ann_ids, source, refresh)
        self.setText(f"Import {len(ann_ids)} annotations from {source}")


def import_coding_table(window: CodingImportHost) -> CodingImportWorker | None:
    name, _ = file_dialogs.get_open_file_name(window.window(), "Import a coding table", "",
                                          "CSV (*.csv *.tsv *.txt);;All (*)")
    return run_coding_import(window, Path(name)) if name else None


def run_coding_import(window: CodingImportHost, table: Path) -> CodingImportWorker | None:
    if not window.may_start():
        return None
    worker = CodingImportWorker(window.store.path, table, window.coder)
    progress = window.progress_dialog(f"Placing the rows of {table.name}…", "Import Coding Table", worker.cancel, 100)

    def step(done: int, total: int) -> None:
        progress.setMaximum(max(total, 1))
        progress.setValue(done)

    def finished(report: CodingReport | None, error: str) -> None:
        progress.close()
        window.set_busy(False)
        if window.closing:
            return
        if report is None:
            window.show_error(error)
            return
        window.store.invalidate()
        if report.annotation_ids:
            window.undo_stack.push(CodingImportCommand(window.store, report.annotation_ids, table.name,
                                                       window.refresh_all))
        window.refresh_all()
        window.refresh_library()
        box = QMessageBox(QMessageBox.Icon.Information, "Coding table imported",
                          report.summary().split("\n", 1)[0], parent=window.window())
        box.setDetailedText(report.summary() + "\n\nEvery row not placed:\n" + "\n".join(
            f"line {line}: {why}" for line, why in report.unplaced))
        box.open()  # the window owns it: it stays until closed

    worker.progress.connect(step)
    worker.done.connect(finished)
    window.launch(worker)
    return worker
