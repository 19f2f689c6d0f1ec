// Container HEALTHCHECK for every Headroom image: GET /livez on the port the
// app serves (HEADROOM_PORT for the gateway, HEADROOM_HEALTH_PORT for the
// workers and the CCR service). Exits 0 when healthy, 1 otherwise.
const http = require('node:http');

const isGateway = process.env.HEADROOM_APP === 'gateway';
const port = Number(isGateway ? process.env.HEADROOM_PORT || 8787 : process.env.HEADROOM_HEALTH_PORT || 9100);

const request = http.get({ host: '127.0.0.1', port, path: '/livez', timeout: 2_000 }, (response) => {
  response.resume();
  process.exit(response.statusCode === 200 ? 0 : 1);
});
request.on('timeout', () => request.destroy(new Error('timeout')));
request.on('error', () => process.exit(1));
