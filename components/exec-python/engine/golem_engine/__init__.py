"""The engine's side of exec-python, in the main interpreter: the WIT
bindings, the sessions' interpreters, the compiler that instruments every
snippet, and the bridge that answers snippet interpreters' file and console
calls. Snippet code never runs here."""
