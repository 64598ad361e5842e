from commission import create_app

app = create_app()
