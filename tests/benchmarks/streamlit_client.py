"""One simulated browser tab speaking Streamlit's websocket protocol (``/_stcore/stream``): what
tests/benchmarks/bench_sessions.py drives N of. ``BackMsg`` / ``ForwardMsg`` are Streamlit's own
protobufs; a run ends at ``script_finished``."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

STATE_LABEL = "State / UT"  # the sidebar select box a user changes (lib/ui sidebar_filters)
MAIN_AREA = 0  # RootContainer.MAIN; 1 is the sidebar, whose widgets echo the choice anyway
# A run that called st.rerun() ends with FINISHED_EARLY_FOR_RERUN and goes on: not the end.
RUN_ENDS = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR}


@dataclass
class ScriptRun:
    """What one script run sent back: its time, what went wrong, and what it showed."""

    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)
    screen: dict[tuple[int, ...], bytes] = field(default_factory=dict)  # main-area deltas by path


class BrowserTab:
    """Keeps, between runs, what a browser keeps: the URL query, the widget values the user set,
    the current page and the app's pages (from the ``navigation`` message)."""

    def __init__(self, connection, timeout: float):
        self.connection, self.timeout = connection, timeout
        self.query_string = ""
        self.widget_values: dict[str, str] = {}
        self.page_hash = ""  # empty: the default page, as for a first visit to the bare URL
        self.pages: dict[str, tuple[str, str]] = {}  # url path -> (page_script_hash, title)
        self.state_select = None  # the State / UT Selectbox proto of the last run

    async def run(self, page_hash: str | None = None) -> ScriptRun:
        """Ask for a rerun (of ``page_hash``, else the current page) and read it to the end."""
        request = BackMsg()
        client_state = request.rerun_script
        client_state.query_string = self.query_string
        client_state.page_script_hash = self.page_hash if page_hash is None else page_hash
        for widget_id, value in self.widget_values.items():
            client_state.widget_states.widgets.add(id=widget_id, string_value=value)
        started = time.perf_counter()
        async with asyncio.timeout(self.timeout):
            await self.connection.send(request.SerializeToString())
            run = await self._read_until_finished()
        run.seconds = time.perf_counter() - started
        return run

    async def _read_until_finished(self) -> ScriptRun:
        run = ScriptRun()
        while True:
            message = ForwardMsg.FromString(await self.connection.recv())
            kind = message.WhichOneof("type")
            if kind == "script_finished" and message.script_finished in RUN_ENDS:
                if message.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    run.errors.append("script did not compile")
                return run
            if kind == "delta":
                self._take_delta(message, run)
            elif kind == "navigation":
                self.page_hash = message.navigation.page_script_hash
                self.pages = {
                    page.url_pathname: (page.page_script_hash, page.page_name) for page in message.navigation.app_pages
                }
            elif kind == "page_info_changed":  # st.query_params changed: the browser's URL follows
                self.query_string = message.page_info_changed.query_string
            elif kind == "session_event" and message.session_event.WhichOneof("type") == (
                "script_compilation_exception"
            ):
                run.errors.append("script compilation exception")
            elif kind == "page_not_found":
                run.errors.append("page not found")

    def _take_delta(self, message: ForwardMsg, run: ScriptRun) -> None:
        element = message.delta.new_element
        kind = element.WhichOneof("type")
        if kind == "exception":
            run.errors.append(f"exception {element.exception.type or '(hidden)'}")
        elif kind == "alert" and element.alert.format == Alert.ERROR:
            run.errors.append(f"error box: {element.alert.body[:60]}")
        elif kind == "selectbox" and element.selectbox.label == STATE_LABEL:
            self.state_select = element.selectbox
        path = tuple(message.metadata.delta_path)
        if path and path[0] == MAIN_AREA:
            run.screen[path] = message.delta.SerializeToString()


def shows_new(choice: str, before: ScriptRun, after: ScriptRun) -> bool:
    """Did the rerun put ``choice`` on screen in an element that did not show it before?"""
    text = choice.encode()
    return any(text in body and text not in before.screen.get(path, b"") for path, body in after.screen.items())
