"""The rules engine: pure, deterministic and fog-aware; it imports only itself and the scenario model."""
