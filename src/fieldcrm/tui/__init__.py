"""The terminal user interface (Textual): the app, its screens, widgets and styles."""
