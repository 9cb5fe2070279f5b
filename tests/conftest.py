def pytest_configure(config):
    config.addinivalue_line(
        "markers", "browser: runs the page in Debian's headless Chromium via playwright (run by default)")
