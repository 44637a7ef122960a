"""Pure builders: plain data → .xlsx/.docx files, written atomically; no Qt."""
