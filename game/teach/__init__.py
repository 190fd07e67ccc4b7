"""Educator mode's model: the historical line as steps, beat cards, branches. No pygame here."""
