// Parley's one script. It signs a list's digest in this browser with the signer's Ed25519 key file,
// so the private key never leaves the signer's computer; only the signature and public key are sent.
// Without it, or where the browser cannot sign Ed25519, the form sends the key file and the server signs.
"use strict";
(function () {
    const form = document.querySelector("form.sign");
    if (!form || !window.crypto || !crypto.subtle) return;
    // PKCS #8 wrapping of a 32-byte Ed25519 seed (RFC 8410): this prefix, then the seed.
    const pkcs8Prefix = [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20];
    const fromBase64 = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
    const toBase64 = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes)));
    const fromHex = (hex) => Uint8Array.from(hex.match(/../g), (pair) => parseInt(pair, 16));
    let ready = false;
    form.addEventListener("submit", async (event) => {
        const input = form.elements.key;
        if (ready || !input.files.length) return;
        event.preventDefault();
        try {
            const text = await input.files[0].text();
            const field = (name) => (text.match(new RegExp("^" + name + ":\\s*(\\S+)\\s*$", "m")) || [])[1];
            const seed = fromBase64(field("private-key") || "");
            if (seed.length !== 32) throw new Error("not a Parley private key file");
            const key = await crypto.subtle.importKey(
                "pkcs8", new Uint8Array([...pkcs8Prefix, ...seed]), { name: "Ed25519" }, true, ["sign"]);
            const jwk = await crypto.subtle.exportKey("jwk", key);
            const signature = await crypto.subtle.sign({ name: "Ed25519" }, key, fromHex(form.dataset.digest));
            form.elements.signature.value = toBase64(signature);
            form.elements.public_key.value = jwk.x.replace(/-/g, "+").replace(/_/g, "/") + "=";
            input.required = false;
            input.value = "";
            form.dataset.signedIn = "browser";
        } catch (error) {
            // The server reads the key file instead, and says what is wrong with it if anything is.
            form.dataset.signedIn = "server";
        }
        ready = true;
        form.requestSubmit();
    });
})();
