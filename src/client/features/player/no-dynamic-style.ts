// Imported before video.js (module side effect, evaluated first): video.js then writes no
// <style> elements of its own (its default sizes and each player's dimensions), which the
// CSP refuses — the app allows styles only from its own files. Its sizes come from
// video-js.css instead: the player element carries `vjs-16-9` (our media is 16:9).
declare global {
  interface Window {
    VIDEOJS_NO_DYNAMIC_STYLE?: boolean;
  }
}

window.VIDEOJS_NO_DYNAMIC_STYLE = true;

export {};
