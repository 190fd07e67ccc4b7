"""Abu Kamal: a turn-based wargame of the November 2017 battle for Abu Kamal (Al-Bukamal)."""

__version__ = "0.1.0"
