"""A window that cannot open says why and how to fix it, instead of Qt's abort."""

from __future__ import annotations

import os
import subprocess
import sys

from gui.ui.shell.platform_check import display_problem, missing


def test_no_display_points_at_the_screenshot_mode() -> None:
    problem = display_problem({}, "linux")
    assert problem is not None and "no display" in problem and "QT_QPA_PLATFORM=offscreen" in problem
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux") is None
    assert display_problem({}, "darwin") is None


def test_missing_x11_libraries_are_named_with_their_packages() -> None:
    fake = {"libdoes-not-exist-marginalia.so.9": "libmarginalia-test9", "libc.so.6": "libc6"}
    assert missing(fake) == ["libmarginalia-test9"]
    problem = display_problem({"DISPLAY": ":0"}, "linux", fake)
    assert problem is not None and "sudo apt-get install libmarginalia-test9" in problem


def test_the_window_command_says_so_in_one_line() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run([sys.executable, "-m", "gui"], capture_output=True, text=True, env=env, timeout=60)
    if not sys.platform.startswith("linux"):
        return
    assert result.returncode == 2 and "no display" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
