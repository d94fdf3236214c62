"""File dialogs that never open the files they list — above all the database and its -wal/-shm files.

Qt's file dialog asks its icon provider for each listed file's type ("SQLite3 database"), and the default
provider finds it by reading the file's first bytes. On Linux and macOS, closing any descriptor of a file
drops every POSIX lock the process holds on it: a dialog showing the folder of the open database took the
window's SQLite locks away, so the next command-line `tag` or `docs` on that database believed it was alone,
checkpointed and deleted the write-ahead log under the window — whose reads then failed ("malformed database
schema … invalid rootpage") and whose writes went to a deleted file (SQLite's "How To Corrupt", 2.2). These
dialogs type a file by its name only. Same arguments and results as QFileDialog's static functions.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QFileInfo, QMimeDatabase
from PySide6.QtWidgets import QFileDialog, QFileIconProvider, QWidget


class NamesOnlyIconProvider(QFileIconProvider):
    """Icons and types of files from their names, never their contents."""

    def type(self, info: QFileInfo) -> str:
        if not info.isFile():
            return super().type(info)  # folders and drives: nothing is read
        mime = QMimeDatabase().mimeTypeForFile(info, QMimeDatabase.MatchMode.MatchExtension)
        return mime.comment() or mime.name()


def _dialog(parent: QWidget | None, caption: str, folder: str, filter_: str,
            mode: QFileDialog.FileMode, save: bool = False) -> QFileDialog:
    dialog = QFileDialog(parent, caption, folder, filter_)
    dialog.setFileMode(mode)
    if save:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    if sys.platform.startswith("linux"):  # a GTK dialog in our process would read the files it lists too
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setIconProvider(NamesOnlyIconProvider())
    return dialog


def _chosen(dialog: QFileDialog) -> tuple[list[str], str]:
    accepted = dialog.exec() == QFileDialog.DialogCode.Accepted
    chosen = (dialog.selectedFiles() if accepted else [], dialog.selectedNameFilter() if accepted else "")
    dialog.deleteLater()
    return chosen


def get_open_file_name(parent: QWidget | None, caption: str = "", folder: str = "",
                       filter_: str = "") -> tuple[str, str]:
    names, chosen = _chosen(_dialog(parent, caption, folder, filter_, QFileDialog.FileMode.ExistingFile))
    return (names[0] if names else ""), chosen


def get_open_file_names(parent: QWidget | None, caption: str = "", folder: str = "",
                        filter_: str = "") -> tuple[list[str], str]:
    return _chosen(_dialog(parent, caption, folder, filter_, QFileDialog.FileMode.ExistingFiles))


def get_save_file_name(parent: QWidget | None, caption: str = "", folder: str = "",
                       filter_: str = "") -> tuple[str, str]:
    names, chosen = _chosen(_dialog(parent, caption, folder, filter_, QFileDialog.FileMode.AnyFile, save=True))
    return (names[0] if names else ""), chosen


def get_existing_directory(parent: QWidget | None, caption: str = "", folder: str = "") -> str:
    dialog = _dialog(parent, caption, folder, "", QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly)
    names, _ = _chosen(dialog)
    return names[0] if names else ""
