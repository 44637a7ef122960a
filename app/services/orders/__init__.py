"""The director's orders and their appendices: prefill, saving, signing, printable packages."""
