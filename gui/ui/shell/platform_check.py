"""Before Qt starts: can it open a window here? Qt itself aborts with a cryptic message when the X11 platform
plugin lacks a system library, or when there is no display at all; this says what is missing and how to get it."""

from __future__ import annotations

import ctypes
import os
import sys

# What Qt's xcb platform plugin loads (ldd on libqxcb.so and libQt6XcbQpa.so.6), with the Debian/Ubuntu package.
XCB_LIBRARIES = {
    "libxcb-cursor.so.0": "libxcb-cursor0", "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1", "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0", "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-shape.so.0": "libxcb-shape0", "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0", "libxkbcommon.so.0": "libxkbcommon0",
    "libX11-xcb.so.1": "libx11-xcb1", "libxcb-util.so.1": "libxcb-util1",
}


def missing(libraries: dict[str, str]) -> list[str]:
    """The packages of the libraries that cannot be loaded."""
    out = []
    for soname, package in libraries.items():
        try:
            ctypes.CDLL(soname)
        except OSError:
            out.append(package)
    return out


def display_problem(environ: dict[str, str] | None = None, platform: str = sys.platform,
                    libraries: dict[str, str] = XCB_LIBRARIES) -> str | None:
    """A message when a window cannot be opened here (None when it can, or when Qt is told what to use)."""
    env = dict(os.environ) if environ is None else environ
    if not platform.startswith("linux"):
        return None
    chosen = env.get("QT_QPA_PLATFORM", "")
    if chosen and not chosen.startswith("xcb"):
        return None  # offscreen, wayland, vnc…: Qt was told
    if not chosen and env.get("WAYLAND_DISPLAY"):
        return None
    if not env.get("DISPLAY"):
        return ("There is no display to open a window on (neither DISPLAY nor WAYLAND_DISPLAY is set). To see the "
                "window as a picture instead: QT_QPA_PLATFORM=offscreen python -m gui --screenshot shot.png")
    absent = missing(libraries)
    if absent:
        return ("Qt cannot open a window on X11: these system libraries are missing. Install them with "
                f"`sudo apt-get install {' '.join(absent)}` (Debian/Ubuntu), then start Marginalia again.")
    return None
