import pytest


@pytest.fixture
def driver(azurite):
    return azurite.driver()


@pytest.fixture
def container(azurite, driver):
    return driver.create_container(azurite.unique())
