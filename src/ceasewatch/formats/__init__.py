"""Reading the text formats users hand us, with limits: YAML, JSON and CSV headers.

Every file or request body a user gives ceasewatch is read through this package, so that
a hostile or broken input (a YAML alias bomb, JSON nested 100,000 deep, a number of 5,000
digits, a CSV header naming a column twice) ends in a ``ParseError`` or ``SchemaError``
naming the file and the line, quickly and in little memory, never in an exhausted
interpreter. The limits are module constants, listed in docs/formats.md.

This is the lowest layer but ``errors``: ``model`` reads its taxonomy through it.
"""
