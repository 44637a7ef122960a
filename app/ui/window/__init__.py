"""The main window, its start-up and the navigation between tabs."""
