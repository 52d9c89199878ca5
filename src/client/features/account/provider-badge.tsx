// The header's TV provider mark while a profile is active, as TV Everywhere sites show it:
// the provider's logo and name (the one used last when there are several).
import { LAST_MVPD_KEY } from '../provider-picker/mvpd-picker.tsx';
import { useMvpdInfo } from '../provider-picker/mvpd-names.ts';
import { useProfiles } from '../watch/profiles-query.ts';

export function ProviderBadge({ viewer }: { viewer: string }) {
  const profiles = useProfiles(viewer);
  const mvpdNames = useMvpdInfo();
  const ids = Object.keys(profiles.data?.profiles ?? {});
  const remembered = localStorage.getItem(LAST_MVPD_KEY);
  const id = remembered && ids.includes(remembered) ? remembered : ids[0];
  const info = id ? mvpdNames.info(id) : undefined;
  if (!id || !info) return null;
  return (
    <span className="provider-badge" data-testid="provider-badge">
      <img src={info.logoUrl} alt={info.displayName} width={28} height={28} />
      <span>{info.displayName}</span>
    </span>
  );
}
