"""The school itself: requisites, editable reference lists, declension of names and positions."""
