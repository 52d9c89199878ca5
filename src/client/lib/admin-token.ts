// The admin token the QA person typed into the test console or the journey view: kept for
// this tab only (sessionStorage), never in the bundle, sent only to Playgate's /admin/qa.
const KEY = 'playgate.qaAdminToken';

export const readAdminToken = (): string | null => sessionStorage.getItem(KEY);
export const saveAdminToken = (token: string) => sessionStorage.setItem(KEY, token);
export const forgetAdminToken = () => sessionStorage.removeItem(KEY);
