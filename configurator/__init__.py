"""Generic rules engine: finite-domain problems, compiled decision diagrams, SAT fallback."""
