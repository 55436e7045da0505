from narrate.cli.app import app

app(prog_name="narrate")
