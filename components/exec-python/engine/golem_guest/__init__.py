"""The guest runtime: runs inside every snippet interpreter, frozen and
instrumented like the standard library. It routes the snippet's files and
standard streams to the engine through `_golem_native` and runs the
snippet. A snippet can change any of it, but only inside its own
interpreter: the limits, the other sessions and the engine are native state
or another interpreter."""
