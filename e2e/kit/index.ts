// The deployment test kit's entry point: write your own specs against any running Playgate
// with these (see e2e/kit/README.md). `import { test, expect } from '<playgate>/e2e/kit/index.ts'`.
export { test, expect, type Cleanup } from './fixtures.ts';
export { discoverDeployment, type Deployment, type Personas } from './deployment.ts';
export { KitAppPage } from './kit-app.page.ts';
export { PassApi, type Decision } from './pass-api.ts';
export { ProviderLoginPage } from '../pages/provider-login.page.ts';
export { TestConsolePage } from '../pages/test-console.page.ts';
export { QaClient, QaApiError } from '../../src/shared/qa/qa-client.ts';
export { expectedMatrix, type MatrixCase } from '../../src/shared/qa/expected-matrix.ts';
