// The states of watching one title, as a reducer the panel renders:
// checking → (pick → popup) → authorizing → permit | deny; direct titles go
// checking → permit | deny through the Playback API.
import type { ErrorBody } from '../../../shared/api/error-body.ts';
import type { PopupOutcome } from '../mvpd-login/popup-watch.ts';
import type { Decision } from '../../../shared/api/pass.ts';

/** The MVPD's obligations that came with the decision (upgrade, restrict-pc, re-authz). */
type Obligations = Decision['obligations'];

export type WatchState =
  | { step: 'checking' }
  | { step: 'pick'; reason?: string }
  | { step: 'popup'; mvpd: string; phase: 'opening' | 'waiting' | 'blocked' | Exclude<PopupOutcome, 'succeeded'> }
  | { step: 'authorizing'; mvpd: string }
  | { step: 'permit'; src: string; via: string; mvpd?: string; obligations?: Obligations }
  | { step: 'deny'; mvpd?: string; error: ErrorBody; obligations?: Obligations }
  | { step: 'checkout' };

export type WatchAction =
  | { type: 'pick'; reason?: string }
  | { type: 'popup'; mvpd: string; phase: Extract<WatchState, { step: 'popup' }>['phase'] }
  | { type: 'authorize'; mvpd: string }
  | { type: 'permit'; src: string; via: string; mvpd?: string; obligations?: Obligations }
  | { type: 'deny'; mvpd?: string; error: ErrorBody; obligations?: Obligations }
  | { type: 'checkout' }
  | { type: 'restart' };

export function watchReducer(_state: WatchState, action: WatchAction): WatchState {
  switch (action.type) {
    case 'pick':
      return { step: 'pick', ...(action.reason ? { reason: action.reason } : {}) };
    case 'popup':
      return { step: 'popup', mvpd: action.mvpd, phase: action.phase };
    case 'authorize':
      return { step: 'authorizing', mvpd: action.mvpd };
    case 'permit':
      return { step: 'permit', src: action.src, via: action.via, ...(action.mvpd ? { mvpd: action.mvpd } : {}), ...(action.obligations ? { obligations: action.obligations } : {}) };
    case 'deny':
      return { step: 'deny', ...(action.mvpd ? { mvpd: action.mvpd } : {}), error: action.error, ...(action.obligations ? { obligations: action.obligations } : {}) };
    case 'checkout':
      return { step: 'checkout' };
    case 'restart':
      return { step: 'checking' };
  }
}
