"""The Qt user interface: main window, tabs, dialogs, item models and the job runner."""
