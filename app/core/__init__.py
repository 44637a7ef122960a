"""Qt-free basics shared by every layer: text and date helpers, the school year."""
