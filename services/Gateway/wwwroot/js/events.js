// The AsyncAPI document of the events, rendered by the vendored @asyncapi/react-component standalone bundle
// (window.AsyncApiStandalone). data-state on #events tells the tests when it has rendered.
const section = document.getElementById('events');
const target = document.getElementById('asyncapi');

if (!window.AsyncApiStandalone) {
  section.dataset.state = 'error';
  target.textContent = 'The AsyncAPI viewer did not load.';
} else {
  window.AsyncApiStandalone.render({
    schema: { url: 'asyncapi.json', requestOptions: { method: 'GET' } },
    config: { show: { sidebar: false, info: true, servers: true, operations: true, messages: true, schemas: true, errors: true } },
  }, target);
  // The viewer fetches, parses and renders on its own; it is ready once the operations are on the page.
  const ready = () => target.querySelector('#operations, [id^="operation-"]') !== null;
  const started = Date.now();
  const poll = setInterval(() => {
    if (ready()) { section.dataset.state = 'ready'; clearInterval(poll); }
    else if (Date.now() - started > 60000) { section.dataset.state = 'error'; clearInterval(poll); }
  }, 200);
}
