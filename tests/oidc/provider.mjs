// SPDX-License-Identifier: MPL-2.0
// A real OpenID Connect provider (panva/oidc-provider) for samskab's login tests, on loopback.
// Accounts: any login name is a staff user with that username; "mette" is a citizen whose
// token carries a CPR number, as MitID through NemLog-in does.
import Provider from "oidc-provider";

const { PORT, CLIENT_ID, CLIENT_SECRET, REDIRECT_URI } = process.env;
const issuer = `http://127.0.0.1:${PORT}`;
const citizens = { mette: { name: "Mette Sørensen", "dk.cpr": process.env.METTE_CPR } };

const provider = new Provider(issuer, {
  clients: [{
    client_id: CLIENT_ID,
    client_secret: CLIENT_SECRET,
    redirect_uris: [REDIRECT_URI],
    response_types: ["code"],
    grant_types: ["authorization_code"],
  }],
  claims: { openid: ["sub"], profile: ["name", "preferred_username", "dk.cpr"] },
  async findAccount(ctx, sub) {
    return {
      accountId: sub,
      async claims() {
        return citizens[sub] ? { sub, ...citizens[sub] } : { sub, preferred_username: sub, name: sub };
      },
    };
  },
  pkce: { required: () => false },
  cookies: { keys: ["samskab-test-only"] },
});
provider.proxy = false;
provider.listen(Number(PORT), "127.0.0.1", () => console.log(`oidc-provider listening on ${issuer}`));
