import time, logging
from tests.e2e.conftest import *  # noqa
async def test_x(discord_double, probe):
    t=time.perf_counter()
    await discord_double.drop_connection(resumable=False)
    print("drop", time.perf_counter()-t, [ (e.op) for e in discord_double.gateway.events])
    t=time.perf_counter()
    await discord_double.wait_for(probe.is_ready, what="READY after re-identifying")
    print("ready", time.perf_counter()-t)
