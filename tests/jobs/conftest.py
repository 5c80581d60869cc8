def pytest_configure(config):
    config.addinivalue_line("markers", "processes: starts real worker/serve processes (seconds each)")
