"""The «Приказы» window: the list of orders, the order editor with its appendices, printing."""
