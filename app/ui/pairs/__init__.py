"""The «Пары и группы» tab: the pairs list, the pair dialog, term changes, mentor suggestions."""
