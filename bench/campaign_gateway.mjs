// bench/campaign_gateway.mjs - the stand-in eSMS gateway of the tests
// (tests/http/lib/fake-gateways.mjs) on its own, for bench/campaign.sh:
// prints its URL, then how many requests it took when stopped (SIGTERM).
import { startFakeEsms } from '../tests/http/lib/fake-gateways.mjs';

const gw = await startFakeEsms({ apiKey: 'k1', secretKey: 's1' });
gw.receiptDelay = 0;
console.log(gw.url);
process.on('SIGTERM', async () => {
  console.log(`requests ${gw.requests.length}`);
  await gw.close();
  process.exit(0);
});
