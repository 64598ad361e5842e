from flask.cli import AppGroup

resolutions_cli = AppGroup('resolutions', help='Resolution tracking.')
