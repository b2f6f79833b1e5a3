import { createConnector } from "wagmi";
import {
  createWalletClient,
  fromHex,
  getAddress,
  http,
  numberToHex,
  type Address,
  type Chain,
  type EIP1193RequestFn,
  type Hex,
} from "viem";
import type { HDAccount } from "viem/accounts";
import { devSigner, findDevAccount, type DevAccount } from "@lib/devAccounts";

/**
 * The seeded development accounts of the local chain as a wallet: keys derived in the page from the well-known
 * test mnemonic (lib/devAccounts.ts); the sign-in message, typed data and transactions are signed locally with
 * viem and transactions sent raw (eth_sendRawTransaction) through the app's relay, so nothing depends on the node
 * holding unlocked keys. Offered on the local chain only; the chosen account is remembered in localStorage.
 */

const STORAGE_KEY = "smefin.devAccount";
export const DEV_CONNECTOR_ID = "smefinDevAccounts";

export function chosenDevAccount(): DevAccount | undefined {
  if (typeof window === "undefined") return undefined;
  const name = window.localStorage.getItem(STORAGE_KEY);
  return name === null ? undefined : findDevAccount(name);
}

export function chooseDevAccount(name: string): void {
  window.localStorage.setItem(STORAGE_KEY, name);
}

type RpcTx = { from?: Address; to?: Address; data?: Hex; value?: Hex; gas?: Hex; nonce?: Hex };

function providerFor(chain: Chain, account: () => HDAccount | undefined) {
  const url = chain.rpcUrls.default.http[0];
  const transport = http(url);
  const forward = (method: string, params?: unknown) => transport({ chain }).request({ method, params } as never);
  const request: EIP1193RequestFn = async ({ method, params }) => {
    const signer = account();
    const p = (params ?? []) as unknown[];
    switch (method) {
      case "eth_accounts":
      case "eth_requestAccounts":
        return (signer ? [signer.address] : []) as never;
      case "eth_chainId":
        return numberToHex(chain.id) as never;
      case "personal_sign": {
        if (!signer) throw new Error("no development account chosen");
        return (await signer.signMessage({ message: { raw: p[0] as Hex } })) as never;
      }
      case "eth_signTypedData_v4": {
        if (!signer) throw new Error("no development account chosen");
        const typed = typeof p[1] === "string" ? JSON.parse(p[1] as string) : p[1];
        const { EIP712Domain: _domain, ...types } = typed.types;
        return (await signer.signTypedData({ domain: typed.domain, types, primaryType: typed.primaryType, message: typed.message })) as never;
      }
      case "eth_sendTransaction": {
        if (!signer) throw new Error("no development account chosen");
        const tx = p[0] as RpcTx;
        const wallet = createWalletClient({ account: signer, chain, transport });
        return (await wallet.sendTransaction({
          to: tx.to,
          data: tx.data,
          value: tx.value ? fromHex(tx.value, "bigint") : undefined,
          gas: tx.gas ? fromHex(tx.gas, "bigint") : undefined,
        })) as never;
      }
      case "wallet_switchEthereumChain":
        return null as never;
      default:
        return (await forward(method, params)) as never;
    }
  };
  return { request };
}

export function devAccounts() {
  let connected = false;
  return createConnector<ReturnType<typeof providerFor>>((config) => ({
    id: DEV_CONNECTOR_ID,
    name: "Development account",
    type: "smefinDev",
    async connect<withCapabilities extends boolean = false>({ withCapabilities }: { withCapabilities?: withCapabilities | boolean } = {}) {
      const chosen = chosenDevAccount();
      if (!chosen) throw new Error("choose a development account first");
      connected = true;
      const address = devSigner(chosen.index).address;
      return {
        accounts: (withCapabilities ? [{ address, capabilities: {} }] : [address]) as never,
        chainId: config.chains[0].id,
      };
    },
    async disconnect() {
      connected = false;
    },
    async getAccounts() {
      const chosen = chosenDevAccount();
      return connected && chosen ? [getAddress(devSigner(chosen.index).address)] : [];
    },
    async getChainId() {
      return config.chains[0].id;
    },
    async getProvider() {
      return providerFor(config.chains[0], () => {
        const chosen = chosenDevAccount();
        return chosen ? devSigner(chosen.index) : undefined;
      });
    },
    async isAuthorized() {
      // Reconnects after a reload when an account was chosen before.
      connected = chosenDevAccount() !== undefined;
      return connected;
    },
    onAccountsChanged(accounts) {
      config.emitter.emit("change", { accounts: accounts.map((a) => getAddress(a)) });
    },
    onChainChanged(chainId) {
      config.emitter.emit("change", { chainId: Number(chainId) });
    },
    onDisconnect() {
      connected = false;
      config.emitter.emit("disconnect");
    },
  }));
}
