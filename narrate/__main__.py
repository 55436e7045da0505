from narrate.cli import app

app(prog_name="narrate")
