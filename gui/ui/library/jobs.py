"""The window's long jobs: importing files and folders, exporting notes, merging a colleague's work. Each runs
off the GUI thread with a progress dialog and Cancel, one at a time; the window starts them and keeps their
threads (`launch`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget

from gui import APP_NAME
from gui.export import Exchange, MergeReport, export, import_annotations, read_exchange, unknown_themes
from gui.store import Store, document_files
from gui.ui.coding.commands import MergeCommand
from gui.ui.library.workers import STEPS, ImportWorker
from gui.ui.reader.reader import Reader
from gui.ui.session import JobRunner
from gui.ui.team.exchange import ExchangeWorker, ExportChoice, ExportDialog, Job, ThemeMappingDialog, merge_file_name


class JobsHost(JobRunner, Protocol):
    """What the jobs need of the window: one job at a time, a progress dialog, a thread kept until it ends."""

    worker: ImportWorker | None
    exchange_worker: ExchangeWorker | None

    @property
    def settings(self) -> QSettings: ...
    @property
    def reader(self) -> Reader: ...


def import_outcome(summaries: list[str]) -> str:
    """What an import did, as the command line says it: "1 new, 2 updated, 3 unchanged" (a re-import of an
    unchanged file says "unchanged", never "imported")."""
    statuses = [s.split("\n", 1)[0].split(": ", 1)[1].split(" ", 1)[0] for s in summaries if ": " in s]
    counts = {status: statuses.count(status) for status in ("new", "updated", "unchanged") if status in statuses}
    if not counts:
        return "No document imported"
    return ", ".join(f"{n} document{'s' if n != 1 else ''} {status}" if i == 0 else f"{n} {status}"
                     for i, (status, n) in enumerate(counts.items()))


class Jobs:
    """Import, export and merge, for one window."""

    def __init__(self, window: JobsHost, over: QWidget) -> None:
        self.window = window
        self.over = over  # the widget its dialogs open over (the main window)

    def import_paths(self, paths: list[Path]) -> ImportWorker | None:
        """Import off the GUI thread with a progress dialog and a Cancel button."""
        if not self.window.may_start():
            return None
        files = document_files(paths)
        worker = ImportWorker(self.window.session.store.path, files)
        progress = self.window.progress_dialog("Importing…", "Add documents", worker.cancel,
                                               max(1, len(files)) * STEPS)

        def report(done: int, _total: int, name: str) -> None:
            progress.setValue(done)
            progress.setLabelText(f"Importing {name}…")

        def finished(summaries: list[str], errors: list[str]) -> None:
            progress.close()
            self.window.worker = None
            self.window.set_busy(False)
            if self.window.session.closing:
                return
            self.window.session.store.invalidate()
            # A re-import re-anchors annotations under the same ids; the history stays: an undo after it puts an
            # annotation back on the text as it is now (`Store.restore_annotations` re-anchors what it restores).
            new = [summary.split(":", 1)[0] for summary in summaries if ": new" in summary]
            if new:  # show what was just added
                self.window.open_document(new[0])
            elif self.window.session.doc_id is not None:  # it may have been re-imported: show its new text and anchors
                doc_id, eid = self.window.session.doc_id, self.window.reader.current_eid()
                self.window.session.forget_document()
                self.window.open_document(doc_id, at=eid)
            self.window.refresh_library()
            unread = [s for s in summaries if "could not read page" in s]  # scanned pages recognition could not read
            if errors or unread:
                self.window.show_error("\n".join((errors + unread)[:12]))
            self.window.statusBar().showMessage(import_outcome(summaries), 8000)

        worker.progress.connect(report)
        worker.done.connect(finished)
        self.window.worker = worker
        self.window.launch(worker)
        return worker

    def _exchange_folder(self) -> Path:
        folder = self.window.settings.value("exchange/folder")
        return Path(folder) if isinstance(folder, str) and Path(folder).is_dir() else Path.home()

    def export_notes(self) -> None:
        session = self.window.session
        name = session.symbol(session.doc_id) if session.doc_id else ""
        dialog = ExportDialog(session.themes, session.doc_id, name, self._exchange_folder(), self.over,
                              coders=session.store.coders())
        if dialog.exec():
            self.run_export(dialog.choice())

    def run_export(self, choice: ExportChoice) -> ExchangeWorker | None:
        """Write the export off the GUI thread; the file appears whole or not at all."""
        warnings: list[str] = []  # what had to be changed to write it (characters XML cannot hold)

        def job(store: Store, progress: Callable[[int, int], None]) -> object:
            return export(store, choice.fmt, choice.out, doc=choice.doc, themes=choice.themes, by=choice.by,
                          progress=progress, warnings=warnings, matrix=choice.matrix, coder=choice.coder)

        def finished(result: object, error: str) -> None:
            if error:
                self.window.show_error(f"Export to {choice.out} failed: {error}")
                return
            self.window.settings.setValue("exchange/folder", str(choice.out.parent))
            self.window.statusBar().showMessage(f"Exported to {result}", 10000)
            if warnings:  # said, as the command line says it
                self.window.show_message(f"Exported to {result}, with changes:\n" + "\n".join(warnings[:12]),
                                         error=False)

        return self._run_exchange("Exporting notes…", job, finished)

    def merge_annotations(self) -> None:
        path = merge_file_name(self.over, self._exchange_folder())
        if path is not None:
            self.read_for_merge(path)

    def read_for_merge(self, path: Path) -> ExchangeWorker | None:
        """Read a colleague's file off the GUI thread; then ask about themes we lack; then merge."""
        def job(_store: Store, progress: Callable[[int, int], None]) -> object:
            return read_exchange(path, progress)  # a large project is streamed with progress and Cancel

        def finished(result: object, error: str) -> None:
            if error or not isinstance(result, Exchange):
                self.window.show_error(error or f"{path}: nothing to merge")
                return
            mapping: dict[str, str] = {}
            unknown = unknown_themes(self.window.session.store, result)
            if unknown:
                dialog = ThemeMappingDialog(unknown, self.window.session.themes, path.name, self.over)
                if not dialog.exec() or self.window.session.closing:
                    return
                mapping = dialog.mapping()
            self.window.settings.setValue("exchange/folder", str(path.parent))
            self.run_merge(result, path.name, mapping)

        return self._run_exchange(f"Reading {path.name}…", job, finished)

    def run_merge(self, exchange: Exchange, source: str, mapping: dict[str, str]) -> ExchangeWorker | None:
        """Merge off the GUI thread in one transaction; one undo step takes the merged annotations out."""
        def job(store: Store, progress: Callable[[int, int], None]) -> object:
            return import_annotations(store, exchange, mapping, progress)

        def finished(result: object, error: str) -> None:
            if error or not isinstance(result, MergeReport):
                self.window.show_error(f"Merging {source} failed: {error}. Nothing was merged.")
                return
            self.window.session.store.invalidate()
            self.window.refresh_all()
            self.window.refresh_library()
            if result.merged:
                window = self.window
                window.undo_stack.push(MergeCommand(window.session.store, result.merged, source, window.refresh_all))
            self.window.show_message(f"{source}: {result.summary()}", error=False)

        return self._run_exchange("Merging annotations…", job, finished)

    def _run_exchange(self, label: str, job: Job,
                      finished: Callable[[object, str], None]) -> ExchangeWorker | None:
        """One export, merge or import at a time, with a window-modal progress dialog and Cancel."""
        if not self.window.may_start():
            return None
        worker = ExchangeWorker(self.window.session.store.path, job)
        progress = self.window.progress_dialog(label, APP_NAME, worker.cancel, 0)
        progress.setAutoReset(False)

        def report(done: int, total: int) -> None:
            progress.setMaximum(max(total, 1))
            progress.setValue(done)

        def done(result: object, error: str) -> None:
            progress.close()
            self.window.exchange_worker = None
            self.window.set_busy(False)
            if not self.window.session.closing:
                finished(result, error)

        worker.progress.connect(report)
        worker.done.connect(done)
        self.window.exchange_worker = worker
        self.window.launch(worker)
        return worker
