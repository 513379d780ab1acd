"""What keeps a session safe outside the screens: one writer per database, signals that end
the app cleanly, a private crash log, and the checks made before anything writes."""
