"""PeerLearn: employees teach employees.

Import-light on purpose: importing ``peerlearn`` (or a pure module such as
``peerlearn.gamification.rules``) pulls in no Flask. The application factory is
``peerlearn.app.create_app``.
"""
