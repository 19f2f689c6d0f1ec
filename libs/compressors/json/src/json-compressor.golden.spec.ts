import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import type { CompressInput } from '@headroom/contracts';
import { detectContent } from '@headroom/router';
import { corpusPath } from '../test/corpus';
import { JsonCompressor } from './json-compressor';

// The SHA-256 of what the router and this compressor made of each input
// before the single-parse rework (commit f080098). Replayed turns and the
// compression cache depend on the same input giving the same bytes, so a
// speed-up that changes any of these is a regression, not a refactor.
const EXPECTED: Record<string, string> = {
  'aws__test_action_filter_call__ec2.DescribeInstances_1.json':
    'e067ce41fcc6431d13ad1dc991af90598caa9efd93f39040b96eca93f9d6fef0',
  'aws__test_action_filter_call__ec2.DescribeInstances_1.json?lossless':
    '53d2fdd5e2d5c6d04c614e28873df11b787a1315d91bc62b8824bb0de86784ba',
  'aws__test_action_filter_call__ec2.DescribeInstances_1.json?query':
    'e067ce41fcc6431d13ad1dc991af90598caa9efd93f39040b96eca93f9d6fef0',
  'aws__test_airflow_environment_kms_filter__kms.ListAliases_1.json':
    'bd81d79f17ec76c95bdf8af93e58e80e89a59bd085127e457b2473f589142141',
  'aws__test_airflow_environment_kms_filter__kms.ListAliases_1.json?lossless':
    '023bce7679a2a5a0746c25463a4126b53fb54bfceacf84de5f40281d0dd3e167',
  'aws__test_airflow_environment_kms_filter__kms.ListAliases_1.json?query':
    'bd81d79f17ec76c95bdf8af93e58e80e89a59bd085127e457b2473f589142141',
  'aws__test_cfn_delete__cloudformation.DescribeStacks_1.json':
    '10d0f8ae2a395cd5f3c21b4fbbc0c053bb82667852bd42a4274dbde9876e545e',
  'aws__test_cfn_delete__cloudformation.DescribeStacks_1.json?lossless':
    '10d0f8ae2a395cd5f3c21b4fbbc0c053bb82667852bd42a4274dbde9876e545e',
  'aws__test_cfn_delete__cloudformation.DescribeStacks_1.json?query':
    '10d0f8ae2a395cd5f3c21b4fbbc0c053bb82667852bd42a4274dbde9876e545e',
  'aws__test_cross_az_nat_gateway_route_filter__ec2.DescribeRouteTables_1.json':
    'ab346415df13641c90a22d5b2bae8d674097efa2023d7389fd269aebfa532e21',
  'aws__test_cross_az_nat_gateway_route_filter__ec2.DescribeRouteTables_1.json?lossless':
    '161ec4ccb93b05400a5f4ab99cbe94a0070b5aff8514c0854fb9f3885518b8e8',
  'aws__test_cross_az_nat_gateway_route_filter__ec2.DescribeRouteTables_1.json?query':
    'ab346415df13641c90a22d5b2bae8d674097efa2023d7389fd269aebfa532e21',
  'aws__test_ecr_image_modify_policy__securityhub.GetFindings_1.json':
    '28511db650fdd7c59a5291c7ea8ae9056cdcaea32ae38d5b83a2352f77321503',
  'aws__test_ecr_image_modify_policy__securityhub.GetFindings_1.json?lossless':
    '72bb2ab33a70723c40a7a915254026059e5901246f2ef58bf03d2da1667951e9',
  'aws__test_ecr_image_modify_policy__securityhub.GetFindings_1.json?query':
    '28511db650fdd7c59a5291c7ea8ae9056cdcaea32ae38d5b83a2352f77321503',
  'aws__test_ecs_service_taskset_delete__ecs.DescribeServices_2.json':
    '94ae8de13f837a773887e988f7ba71f5405b2492bc286c58c61f69d5758a58dc',
  'aws__test_ecs_service_taskset_delete__ecs.DescribeServices_2.json?lossless':
    '74c959fc6d6760db98a7770c5eb5c16873ac148123ae0017fd6657eaa9ae951b',
  'aws__test_ecs_service_taskset_delete__ecs.DescribeServices_2.json?query':
    '94ae8de13f837a773887e988f7ba71f5405b2492bc286c58c61f69d5758a58dc',
  'aws__test_iam_user_console_old__iam.ListUsers_1.json':
    'ff1fe7a9678608b6b795453704a6b7fe15cfb57f2bc2fa01cf408419c6061b8a',
  'aws__test_iam_user_console_old__iam.ListUsers_1.json?lossless':
    'ff1fe7a9678608b6b795453704a6b7fe15cfb57f2bc2fa01cf408419c6061b8a',
  'aws__test_iam_user_console_old__iam.ListUsers_1.json?query':
    'ff1fe7a9678608b6b795453704a6b7fe15cfb57f2bc2fa01cf408419c6061b8a',
  'aws__test_iam_user_usage__iam.GetServiceLastAccessedDetails_2.json':
    'c83528e4d2a4d3682c6e087639a52de91fab0cba0d191b6519204962b5200d6c',
  'aws__test_iam_user_usage__iam.GetServiceLastAccessedDetails_2.json?lossless':
    '6b3e80172bef0d629058b98fbaeb0b3037a1535a8434260d01a0277dccdd3e52',
  'aws__test_iam_user_usage__iam.GetServiceLastAccessedDetails_2.json?query':
    'c83528e4d2a4d3682c6e087639a52de91fab0cba0d191b6519204962b5200d6c',
  'aws__test_inspector2_finding__inspector2.ListFindings_1.json':
    '783198c1b2b8726e38c9b90dbb1ea07aef1c189563e5896f4e55bb4ee9ee5ec2',
  'aws__test_inspector2_finding__inspector2.ListFindings_1.json?lossless':
    '88877bc54430221bd4c4223bb63abc0bf53e50ab621b2077e1ef8d086beacaa6',
  'aws__test_inspector2_finding__inspector2.ListFindings_1.json?query':
    '783198c1b2b8726e38c9b90dbb1ea07aef1c189563e5896f4e55bb4ee9ee5ec2',
  'aws__test_security_group_self_reference__ec2.DescribeSecurityGroups_2.json':
    '92f963e2662896057f22fd01f225a7e76d11e57da54304b7153a9e5d52a95252',
  'aws__test_security_group_self_reference__ec2.DescribeSecurityGroups_2.json?lossless':
    'f6bb6dbfaa5ec3b57cd6d7a14783a163506b6d9d2f24eef8170f7d81e6d29847',
  'aws__test_security_group_self_reference__ec2.DescribeSecurityGroups_2.json?query':
    '92f963e2662896057f22fd01f225a7e76d11e57da54304b7153a9e5d52a95252',
  bom: '7b48b2b38299f4ce608f1f1d1bec3379a78e0dc1088019407faef0fe77335e47',
  'duplicate-keys': '01681f9a4a3c75f773a4796cb71819573be566f34920ad6d909bba87f30b5387',
  'github-rest__branch-protection__05.json':
    'a8e51babe078379b3895c32e333e4b388c60effa7cd3cc12a9ce4c0f57bde396',
  'github-rest__branch-protection__05.json?lossless':
    'a8e51babe078379b3895c32e333e4b388c60effa7cd3cc12a9ce4c0f57bde396',
  'github-rest__branch-protection__05.json?query':
    'a8e51babe078379b3895c32e333e4b388c60effa7cd3cc12a9ce4c0f57bde396',
  'github-rest__contributors.json':
    '914d266da0eda03b223d2c95c6da7ff3a0de3731210706dfab559eadb677c0a1',
  'github-rest__contributors.json?lossless':
    '11c96da75f05b62e80244bbf85618aa24c563e1dc04a215441e9d8d5eec68872',
  'github-rest__contributors.json?query':
    '914d266da0eda03b223d2c95c6da7ff3a0de3731210706dfab559eadb677c0a1',
  'github-rest__create-status__04.json':
    '8af9c1689a85b349687fffeeff762740ff2e4933d835a0f8ee9082276dfaf65d',
  'github-rest__create-status__04.json?lossless':
    '8af9c1689a85b349687fffeeff762740ff2e4933d835a0f8ee9082276dfaf65d',
  'github-rest__create-status__04.json?query':
    '8af9c1689a85b349687fffeeff762740ff2e4933d835a0f8ee9082276dfaf65d',
  'github-rest__errors__01.json':
    '1a587a0c91440574ed476d6ccc31c1034b962528498c955686cf017bf35e8075',
  'github-rest__errors__01.json?lossless':
    '1a587a0c91440574ed476d6ccc31c1034b962528498c955686cf017bf35e8075',
  'github-rest__errors__01.json?query':
    '1a587a0c91440574ed476d6ccc31c1034b962528498c955686cf017bf35e8075',
  'github-rest__get-organization__00.json':
    '00bc6b3588b4433c7c5a172c3a746918e98779bd41030ed7e165f1d514265598',
  'github-rest__get-organization__00.json?lossless':
    '00bc6b3588b4433c7c5a172c3a746918e98779bd41030ed7e165f1d514265598',
  'github-rest__get-organization__00.json?query':
    '00bc6b3588b4433c7c5a172c3a746918e98779bd41030ed7e165f1d514265598',
  'github-rest__issue_events.json':
    '1e0e9752674ad127cd10e62ac7de3ad9d118ef008b8e9ae87a1a95e168fdf777',
  'github-rest__issue_events.json?lossless':
    '7716594bdbf321f8dd1b6cbace775e1d29ec9a7d38133e2bf4798d5f1bb67043',
  'github-rest__issue_events.json?query':
    'b1eeefcbf118bcede331725d51bcc32e06b437d6cd924cc676b18a1c83c02da4',
  'github-rest__labels__01.json':
    'e7d707172b7532bff12dec3a28e90a61a7f7a01336c089a8a2e5f92f6b1cd298',
  'github-rest__labels__01.json?lossless':
    'e7d707172b7532bff12dec3a28e90a61a7f7a01336c089a8a2e5f92f6b1cd298',
  'github-rest__labels__01.json?query':
    'e7d707172b7532bff12dec3a28e90a61a7f7a01336c089a8a2e5f92f6b1cd298',
  'github-rest__paginate-issues__14.json':
    '38c213d93312af8d30561e0648e9503b1f4785bb6beb85c874891fabbad0e7d1',
  'github-rest__paginate-issues__14.json?lossless':
    '38c213d93312af8d30561e0648e9503b1f4785bb6beb85c874891fabbad0e7d1',
  'github-rest__paginate-issues__14.json?query':
    '38c213d93312af8d30561e0648e9503b1f4785bb6beb85c874891fabbad0e7d1',
  'github-rest__pulls_state_closed.json':
    '2d8975ac8113d1ba25d48e89bce37c3c8b417073ac3b50b6c37c38ec03d3f942',
  'github-rest__pulls_state_closed.json?lossless':
    'e8598c824d2908cc8d66bec217a803db2cb5409f4b7855680a861962c8e0a1db',
  'github-rest__pulls_state_closed.json?query':
    '2d8975ac8113d1ba25d48e89bce37c3c8b417073ac3b50b6c37c38ec03d3f942',
  'github-rest__release-assets-conflict__03.json':
    '37ef686184ebebae663d5a6772cb5ab38ed911d33840fce797d8875886b4fe2f',
  'github-rest__release-assets-conflict__03.json?lossless':
    '37ef686184ebebae663d5a6772cb5ab38ed911d33840fce797d8875886b4fe2f',
  'github-rest__release-assets-conflict__03.json?query':
    '37ef686184ebebae663d5a6772cb5ab38ed911d33840fce797d8875886b4fe2f',
  'github-rest__rename-repository__01.json':
    '6da4436cd5d809bfb01557426c059bb8809dd0803d65e2bdcada607561e1fb45',
  'github-rest__rename-repository__01.json?lossless':
    '6da4436cd5d809bfb01557426c059bb8809dd0803d65e2bdcada607561e1fb45',
  'github-rest__rename-repository__01.json?query':
    '6da4436cd5d809bfb01557426c059bb8809dd0803d65e2bdcada607561e1fb45',
  'github-rest__repo_events.json':
    '3390893e7da7409200ce6406e22cc5a856fbceb855621a0523e4868b3058078f',
  'github-rest__repo_events.json?lossless':
    'c7d01428dcc2fb4711dcf7406d1f80be714704460d5d9e1848bdcb369a642d45',
  'github-rest__repo_events.json?query':
    'b6ec2ae699875231986b2af40cd2879d30e8fd009e580d699bac5b4f564beef2',
  'github-rest__search-issues__03.json':
    'bc6de7e071cfad07130249b7ed33af8831e5fcedfd78eabff8785c3f73f3a757',
  'github-rest__search-issues__03.json?lossless':
    'bc6de7e071cfad07130249b7ed33af8831e5fcedfd78eabff8785c3f73f3a757',
  'github-rest__search-issues__03.json?query':
    'bc6de7e071cfad07130249b7ed33af8831e5fcedfd78eabff8785c3f73f3a757',
  'github-rest__search_repositories.json':
    'f2304b8239bc08c26882cf532ae1f463dcd7f5b5386c3c69196af0630ae33c86',
  'github-rest__search_repositories.json?lossless':
    '72d0bc6e631fad8accc1410950a028c86cf5f8a6b01ee9aed2905127f03fa7d6',
  'github-rest__search_repositories.json?query':
    'f2304b8239bc08c26882cf532ae1f463dcd7f5b5386c3c69196af0630ae33c86',
  'json-lines': '6b6256be41a310ea51f9a33db1dc7a2d8d4e75d313ef22e8856f58c86954df4c',
  'json-lines-crlf': 'fc93e23fc26822c391b12c363e662b7405f9d9325fa791d6e412eed802583d2a',
  'k8s__render__ds.json': 'ffb82a40cc9225e5ac310aa1602032980139828039023f413d31556be4abafad',
  'k8s__render__ds.json?lossless':
    'ffb82a40cc9225e5ac310aa1602032980139828039023f413d31556be4abafad',
  'k8s__render__ds.json?query': 'ffb82a40cc9225e5ac310aa1602032980139828039023f413d31556be4abafad',
  'k8s__render__no.json': '73644fc085d7bfe375c29d51a363e568cce336457d7ead5369873a150719f970',
  'k8s__render__no.json?lossless':
    'bb8e12e42881b2d6be4f1e8edf029b115034ab5e3cc4391410cbf9da4d5a26b1',
  'k8s__render__no.json?query': '73644fc085d7bfe375c29d51a363e568cce336457d7ead5369873a150719f970',
  'k8s__render__po_sidecar.json':
    'c9727a19bf233157f1ddb9f61ed7198318d06a5c553d9f5280424dfe7eeddd93',
  'k8s__render__po_sidecar.json?lossless':
    'c9727a19bf233157f1ddb9f61ed7198318d06a5c553d9f5280424dfe7eeddd93',
  'k8s__render__po_sidecar.json?query':
    'c9727a19bf233157f1ddb9f61ed7198318d06a5c553d9f5280424dfe7eeddd93',
  'nbsp-padded': '7b48b2b38299f4ce608f1f1d1bec3379a78e0dc1088019407faef0fe77335e47',
  nested: '923af5518bb8e666e02c098995921c22439a6ab89be0773eebcb22764383661a',
  padded: 'ab75a6573916105ce18ac5effe3021a0747230b2a754cdfb4cec9bc7593a2712',
  'search-100': '2ec5ae0acb76080c8880195de42f432f4dd6bef30cd767d5ee2f36e1e2f725f1',
  'search-1000': '34d56274986eb7b55dde5c2c9c9ca0b8e0e90bde8a3f329c8af5710f7c25eec3',
  'search-1000-lossless': '021ccdc7ff160f0416704681b9129469ce3f920ed3d46a1dea55393451be8369',
  'search-300-ratio': 'a737a0b29ae30fac319941098f11d07a504633449faf7d3d90c91c128e2e5850',
  'slack__rtm.start.json': 'c00702b2ea2dd6d64461954e22f69910253fd685c1c6dbe4747518bd49f74db0',
  'slack__rtm.start.json?lossless':
    'c00702b2ea2dd6d64461954e22f69910253fd685c1c6dbe4747518bd49f74db0',
  'slack__rtm.start.json?query': 'c00702b2ea2dd6d64461954e22f69910253fd685c1c6dbe4747518bd49f74db0',
  'stripe__customer_cus_6lsBvm5rJ0zyHc.json':
    '6b8668495a4dfc976a5e78b2f2f48ce01f0cfbefaebab2bbdb1829692f22b100',
  'stripe__customer_cus_6lsBvm5rJ0zyHc.json?lossless':
    '6b8668495a4dfc976a5e78b2f2f48ce01f0cfbefaebab2bbdb1829692f22b100',
  'stripe__customer_cus_6lsBvm5rJ0zyHc.json?query':
    '6b8668495a4dfc976a5e78b2f2f48ce01f0cfbefaebab2bbdb1829692f22b100',
  'stripe__invoice_in_fakefakefakefakefake0004.json':
    'f235b6b54e40a242929ba70a2ab9654ca73c85bf6f4906b125c6b48fb7004219',
  'stripe__invoice_in_fakefakefakefakefake0004.json?lossless':
    'f235b6b54e40a242929ba70a2ab9654ca73c85bf6f4906b125c6b48fb7004219',
  'stripe__invoice_in_fakefakefakefakefake0004.json?query':
    'f235b6b54e40a242929ba70a2ab9654ca73c85bf6f4906b125c6b48fb7004219',
  'stripe__payment_intent_pi_fakefakefakefakefake0001.json':
    'a3b1628b850af2920727185e08bd3688207503a5fed257beb93f90131d756d77',
  'stripe__payment_intent_pi_fakefakefakefakefake0001.json?lossless':
    'a3b1628b850af2920727185e08bd3688207503a5fed257beb93f90131d756d77',
  'stripe__payment_intent_pi_fakefakefakefakefake0001.json?query':
    'a3b1628b850af2920727185e08bd3688207503a5fed257beb93f90131d756d77',
  'stripe__subscription_sub_fakefakefakefakefake0004.json':
    'ab6b8f83bc5f42ed510e28a5b2a07e46aece62d171b6775274c86750f899e951',
  'stripe__subscription_sub_fakefakefakefakefake0004.json?lossless':
    'ab6b8f83bc5f42ed510e28a5b2a07e46aece62d171b6775274c86750f899e951',
  'stripe__subscription_sub_fakefakefakefakefake0004.json?query':
    'ab6b8f83bc5f42ed510e28a5b2a07e46aece62d171b6775274c86750f899e951',
};

type Case = { name: string; text: string; input?: Partial<CompressInput> };

const compressor = new JsonCompressor();

// A small deterministic generator: the cases must be the same bytes in every run.
function sequence(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

const WORDS = 'cache invalidation timeout error retry node pod disk quota latency'.split(' ');

function searchHits(count: number, seed: number): string {
  const next = sequence(seed);
  const word = () => WORDS[Math.floor(next() * WORDS.length)];
  const results = Array.from({ length: count }, (_, rank) => ({
    rank,
    id: `res_${Math.floor(next() * 1e9).toString(16)}`,
    title: `${word()} ${word()} ${word()}`,
    snippet: Array.from({ length: 20 }, word).join(' '),
    score: Math.round(next() * 10_000) / 10_000,
    status: rank === 37 ? 'failed' : 'ok',
    tags: Array.from({ length: 1 + Math.floor(next() * 3) }, word),
  }));

  return JSON.stringify({ query: 'cache invalidation', total: count, results }, null, 2);
}

function syntheticCases(): Case[] {
  const next = sequence(7);
  const long = 'x'.repeat(5_000) + '\u00e9\n"quoted"\\' + 'y'.repeat(3_000);
  const numbers = Array.from({ length: 400 }, (_, index) =>
    index === 200 ? 1e9 : Math.round(next() * 1000),
  );
  const nested = {
    'we\\ird "key"': Array.from({ length: 60 }, (_, index) => ({
      index,
      values: numbers.slice(index, index + 30),
    })),
    __proto__: 1,
    dup: [1, 2, 3],
    long,
  };
  const duplicate = `{"items": ${JSON.stringify(numbers)}, "items": ${JSON.stringify(numbers.slice(0, 120))}, "text": ${JSON.stringify(long)}}`;
  const lines = Array.from({ length: 300 }, (_, index) =>
    JSON.stringify({
      ts: index,
      level: index % 50 === 0 ? 'error' : 'info',
      msg: `step ${index} ok`,
    }),
  ).join('\n');

  return [
    {
      name: 'search-100',
      text: searchHits(100, 1),
      input: { query: 'cache invalidation timeout' },
    },
    { name: 'search-1000', text: searchHits(1000, 2), input: { query: 'disk quota' } },
    { name: 'search-1000-lossless', text: searchHits(1000, 2), input: { lossless: true } },
    { name: 'search-300-ratio', text: searchHits(300, 3), input: { targetRatio: 0.5 } },
    { name: 'nested', text: JSON.stringify(JSON.parse(JSON.stringify(nested)), null, 1) },
    { name: 'duplicate-keys', text: duplicate },
    { name: 'json-lines', text: `${lines}\n` },
    { name: 'json-lines-crlf', text: lines.replace(/\n/g, '\r\n') },
    { name: 'padded', text: `\n\n  ${searchHits(50, 4)}\n\t ` },
    { name: 'nbsp-padded', text: `\u00a0${searchHits(50, 5)}\u00a0` },
    { name: 'bom', text: `\ufeff${searchHits(50, 6)}` },
  ];
}

function corpusCases(): Case[] {
  return readdirSync(corpusPath('json'))
    .sort()
    .flatMap((file) => {
      const text = readFileSync(corpusPath('json', file), 'utf8');
      return [
        { name: `${file}`, text },
        { name: `${file}?query`, text, input: { query: 'error status failed' } },
        { name: `${file}?lossless`, text, input: { lossless: true } },
      ];
    });
}

function fingerprint(testCase: Case): string {
  const detection = detectContent(testCase.text);
  const outcome =
    detection.kind === 'json'
      ? compressor.compress({
          text: testCase.text,
          kind: 'json',
          query: '',
          lossless: false,
          ...testCase.input,
        })
      : undefined;

  return createHash('sha256').update(JSON.stringify({ detection, outcome })).digest('hex');
}

describe(JsonCompressor.name, () => {
  describe('compress', () => {
    it('gives the same bytes as before the single-parse rework for corpus and edge inputs', () => {
      const cases = [...syntheticCases(), ...corpusCases()];
      const actual = Object.fromEntries(
        cases.map((testCase) => [testCase.name, fingerprint(testCase)]),
      );

      expect(Object.keys(actual)).toHaveLength(cases.length);
      expect(actual).toEqual(EXPECTED);
    });
  });
});
