import os
import sys
from pathlib import Path

# Studies keep terrain results in the user cache folder (game.sim.terrain_store); tests keep none
# there, so each starts cold and leaves no files behind (test_terrain_store turns it on in a temp folder)
os.environ.setdefault("ABU_KAMAL_NO_CACHE", "1")

sys.path.insert(0, str(Path(__file__).parent))  # tiny.py, the inline-scenario builder
