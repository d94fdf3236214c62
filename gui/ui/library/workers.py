"""Long work off the GUI thread: importing files, with progress and cancel."""

from __future__ import annotations

import traceback
from pathlib import Path

from PySide6.QtCore import QThread, Signal

from gui.core.errors import MarginaliaError
from gui.store import Store
from gui.store.bulk import named_error


class _Stopped(Exception):
    """Cancel pressed while a PDF was being read."""


STEPS = 100  # the progress bar's steps for one file: a long PDF moves it page by page


class ImportWorker(QThread):
    """Imports files with its own database connection; reports each file and can be cancelled."""

    progress = Signal(int, int, str)  # steps done, steps in all (STEPS a file), what is read now
    done = Signal(list, list)  # summaries, errors

    def __init__(self, db_path: Path, files: list[Path]) -> None:
        super().__init__()
        self.db_path, self.files = db_path, files
        self.cancelled = False

    def cancel(self) -> None:
        self.cancelled = True

    def run(self) -> None:
        summaries: list[str] = []
        errors: list[str] = []
        try:
            store = Store(self.db_path, import_corpus=False)
        except MarginaliaError as error:
            self.done.emit([], [str(error)])
            return
        bulk = store.bulk_import()  # new documents land a few dozen at a time: one commit for each batch
        steps = len(self.files) * STEPS
        try:
            for i, file in enumerate(self.files):
                if self.cancelled:
                    errors.append(f"cancelled: {len(self.files) - i} file(s) not imported")
                    break
                self.progress.emit(i * STEPS, steps, file.name)

                def pages(done: int, total: int, i: int = i, name: str = file.name) -> None:
                    if self.cancelled:  # stops a long PDF between two pages; nothing of it is written
                        raise _Stopped
                    if total >= 20 and done % 5 == 0:  # the bar moves with the pages, as the label does
                        self.progress.emit(i * STEPS + done * STEPS // total, steps,
                                           f"{name} (page {done} of {total})")

                def recognising(done: int, total: int, i: int = i, name: str = file.name) -> None:
                    if self.cancelled:  # between two scanned pages; those recognised are kept for next time
                        raise _Stopped
                    self.progress.emit(i, len(self.files), f"{name} (recognising scanned page {done + 1} of {total})"
                                       if done < total else name)

                try:
                    summaries += [report.summary() for report in bulk.add(file, progress=pages,
                                                                          recognising=recognising)]
                except _Stopped:
                    errors.append(f"cancelled: {len(self.files) - i} file(s) not imported")
                    break
                except MarginaliaError as error:
                    errors.append(named_error(file, error))
                except Exception as error:  # a bug: report it for this file and go on with the others
                    traceback.print_exc()
                    errors.append(f"{file}: unexpected error ({type(error).__name__}: {error}); not imported")
            try:  # what was read before a Cancel lands too: only the file being read is dropped
                summaries += [report.summary() for report in bulk.finish()]
            except MarginaliaError as error:
                errors.append(str(error))
            self.progress.emit(steps, steps, "")
        finally:
            store.close()
        self.done.emit(summaries, errors)
