import sys
from pathlib import Path

# tests import their helpers (tone_engine, audio_checks, …) as top-level modules
sys.path.insert(0, str(Path(__file__).parent))
