/**
 * sha256 of release artifacts whose upstream publishes no checksum file (flannel's flanneld
 * binary, cri-dockerd's tarball), for the versions bootforge defaults to and their neighbours.
 * Without these, every inventory would need a pin for them. An inventory pin
 * (`cluster.artifacts.sha256.<name>`) always wins; a version not listed here still needs one.
 *
 * Where the values come from, as published by projects that download and verify these files:
 * - flanneld-amd64: sysoperator/kubernetes-formula pillar/flannel.sls (`source_hash`, used by its
 *   flannel state for `<release>/download/<version>/flanneld-amd64`).
 * - cri-dockerd-<v>.amd64.tgz: kubernetes-sigs/kubespray
 *   roles/kubespray_defaults/vars/main/checksums.yml (`cri_dockerd_archive_checksums.amd64`).
 * A wrong value fails safe: the host refuses the download and installs nothing.
 */
import type { ArtifactName } from '../inventory/model.js';

export const KNOWN_SHA256: Partial<Record<ArtifactName, Readonly<Record<string, string>>>> = {
  flannel: {
    '0.14.0': '47f039b97f2f1879fbb5aae972fb0f2e01124f55b29ade088976f34cd948c240',
    '0.22.1': '3d9ac031b426301bf45f5474ba489ecdf35c62648272161b59424ecff9f04872',
    '0.25.0': '771dbf46ebbd0139f983faec94e34272e393fa09af086cab81d34cbf821acbe6',
    '0.25.7': '5901b213bd94f5797eb852f8c9b68c885b46bc2f9fe32f96dc113351b7ee378a',
    '0.26.3': '0b91a37b676ae93e9a2a36aa9dd81d1f2d01464287afbb4eece6fe2831dd9afa',
    '0.27.3': '3436522a4e9fb71d0d72ac5a384d84ee9f40fcdc6e0fc6ade45f6da72a456f85',
    '0.27.4': 'fc1233aac3ad2707d14c9ae42016b5402753f755f0d07cc5c41dc4190e95d299',
  },
  'cri-dockerd': {
    '0.3.5': '30d47bd89998526d51a8518f9e8ef10baed408ab273879ee0e30350702092938',
    '0.3.6': 'cf271d65abee88c0c0a6d9dacb151913bf37d25d45913a7e04b09efe408eae18',
    '0.3.7': '518c5d5345085f36d311f274208705d7fdb79337a80c256871ce941d5a7d47a1',
    '0.3.8': 'e12ea6df8228b7d0794c930d32117c4e5a3dcf25a56c3facdf7006289ec6383c',
    '0.3.9': 'a6d9b4b796e9eff830311a2349d259507302cb3955dd07b78296b91e40e8b433',
    '0.3.10': '3e19ef525e02d2d1dfd42e8d661ee45b4bc8a49a6dcafd8baa578bdb3a23aeb6',
    '0.3.11': 'b2475988f3b86d85c7835269121171e35c92454ad5f4cd6252183b0fccd74d63',
    '0.3.12': 'bf0890018cb339a313b6d52e994fe2628f5b6d5f005cec39adb171f055691c96',
    '0.3.13': 'b902eef9bd02529e73a03078a1234c038cd9a12cd86af19970e4f8596f95df26',
    '0.3.14': '89096dff11b60c8d4f061ee88751c895650a3ef6db5c19d63ab22a1aeb42a5b3',
    '0.3.15': '4779b7c3663f002871e79ecf6aa8eb48d0bb74df035baecf56b816deb21d12c4',
    '0.3.16': 'cc7f181ce850130dc375515c54cd8a27e1e862252abc5b7eade7b4a03ddabd8e',
    '0.3.17': '5568d571c2cfee7a31ce0b35b7fcc65b96c85b573ee6645151c4d022ed92a626',
    '0.3.18': '937578ddcdb28c71afded3fda25d555e0c9e6d396668977ff98228d55886dc79',
    '0.3.20': '2ce46d6bbd7f6a7e06e211836c201fdc2311111913eccc63a03f6ef4fe1958fc',
    '0.3.21': '6c35838bc4b1aef74f9113670e114ca729a5f295f9457b226791e18e86e91698',
    '0.3.22': '6621a96a885c82844d12318de00f510eae3459871cf1ad47317f38dd242f9a03',
    '0.3.23': 'c7fe5db7f9396186193b58ded0e62a31eca7b3c58ad8691d57017986f96482ee',
    '0.3.24': 'dd4b7f514c248a3aaca398f467430a4c58aae9a77ea8b96a2f5b5d6fba0948d1',
  },
};

export function knownSha256(id: ArtifactName, version: string): string | undefined {
  return KNOWN_SHA256[id]?.[version];
}
