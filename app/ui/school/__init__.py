"""Dialogs of the school: requisites, reference lists, page settings of documents."""
