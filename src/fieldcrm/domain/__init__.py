"""The rules of the five-stage customer development method: pure Python, no UI, no IO."""
