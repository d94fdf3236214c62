"""`python -m gui`: the application — one instance per database, errors as messages, screenshot mode."""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

from PySide6.QtCore import QLockFile, QSettings, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from gui import APP_NAME, __version__
from gui.core.errors import MarginaliaError
from gui.store import Store
from gui.store.errors import cannot_write
from gui.store.paths import check_folder, default_db_path
from gui.ui.shell.platform_check import display_problem
from gui.ui.shell.view_actions import relayout_reader
from gui.ui.shell.window import MainWindow
from gui.ui.widgets.appearance import apply_palette
from gui.ui.widgets.appearance import choose as choose_appearance

__all__ = ["application", "apply_palette", "run"]


def application() -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setStyle("Fusion")
    apply_palette(app)
    app.styleHints().colorSchemeChanged.connect(lambda _scheme: apply_palette(app))
    return app


def fail(message: str) -> int:
    """Show an error without a traceback and report failure to the caller."""
    print(f"{APP_NAME}: {message}", file=sys.stderr)
    if QApplication.instance() is not None and QGuiApplication.platformName() != "offscreen":
        box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, message)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.exec()
    return 2


def run(args: argparse.Namespace) -> int:
    """Open the window on the chosen (or default) database; see `python -m gui --help`."""
    if QApplication.instance() is None and (problem := display_problem()) is not None:
        print(f"python -m gui: error: {problem}", file=sys.stderr)  # before Qt, which would abort instead
        return 2
    app = application()
    db_path = Path(args.db) if getattr(args, "db", None) else default_db_path()
    try:
        check_folder(db_path, create=not getattr(args, "db", None))
    except MarginaliaError as error:
        return fail(str(error))
    lock = QLockFile(str(db_path) + ".lock")
    lock.setStaleLockTime(0)
    if not lock.tryLock(100):
        if lock.error() != QLockFile.LockError.LockFailedError:  # not held by anyone: it could not be made
            return fail(str(cannot_write(db_path, f"cannot create {db_path.name}.lock")))
        return fail(f"{db_path} is already open in another Marginalia window. Switch to that window, "
                    "or open another database with --db.")
    try:
        try:
            store = Store(db_path if getattr(args, "db", None) else None)
        except MarginaliaError as error:
            return fail(str(error))
        window = MainWindow(store, QSettings(APP_NAME, APP_NAME))
        if getattr(args, "open_doc", None):
            try:  # its id or its symbol ("S/2017/130"), as the commands take it: one row read, not the library
                args.open_doc = store.document_id(args.open_doc)
            except MarginaliaError:
                window.close()
                store.close()
                return fail(f"no document {args.open_doc!r} in {db_path} (see `python -m gui docs`)")
            at = getattr(args, "at", None)
            if at and store.document(args.open_doc).get(at) is None:
                window.close()
                store.close()
                return fail(f"{args.open_doc} has no block {at!r} (see `python -m gui outline` for the eids)")
            window.open_document(args.open_doc, at=at)
        if getattr(args, "size", None):
            match = re.fullmatch(r"(\d{2,5})[x×](\d{2,5})", args.size.strip())
            if not match:
                window.close()
                store.close()
                return fail(f"--size {args.size!r}: give the window size as WIDTHxHEIGHT, e.g. 1400x880")
            window.resize(int(match.group(1)), int(match.group(2)))
        if getattr(args, "palette", None):  # for this run: the analyst's saved choice is left as it is
            choose_appearance(app, args.palette)
            relayout_reader(window)
        if getattr(args, "show_source", False) and not window.source.isVisible():
            window.toggle_source()
        window.show()
        app.processEvents()
        window.reader.reveal_current()
        if getattr(args, "screenshot", None):
            return screenshot(app, window, Path(args.screenshot))
        QTimer.singleShot(2000, store.start_full_check)  # after the first paint: the rest of the health check
        code = app.exec()
        store.close()
        return int(code)
    finally:
        lock.unlock()


def screenshot(app: QApplication, window: MainWindow, path: Path) -> int:
    """Render the window to a PNG once it has painted, then close."""
    for _ in range(5):
        app.processEvents()
    QTimer.singleShot(0, lambda: None)
    app.processEvents()
    deadline = time.monotonic() + 5  # pictures and theme counts come from threads: wait for them, a while
    while time.monotonic() < deadline and (not window.pictures_drawn() or window.codebook.counting()):
        app.processEvents()
        time.sleep(0.01)
    window.reader.reveal_current()
    app.processEvents()
    ok = window.grab().save(str(path))
    window.save_settings = lambda: None  # type: ignore[method-assign]  # a screenshot leaves no traces
    window.close()
    window.store.close()
    if not ok:
        return fail(f"{path}: could not write the screenshot")
    print(path)
    return 0
