"""The manager console: members, segments, campaigns, reports, settings, staff and audit.

Only `open_console` lives here so that importing the package from the till costs nothing;
the widgets are imported when a manager actually opens the console.
"""

from __future__ import annotations


def open_console(ctx, staff, lang: str, parent=None):
    """Opens the console for a signed-in manager and returns its window (already shown)."""
    from pos.ui.manager.console import ManagerConsole

    console = ManagerConsole(ctx, staff, lang, parent)
    console.show()
    return console
