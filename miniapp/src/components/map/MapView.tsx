// 类型检查与测试用的默认实现（H5）；构建时 Taro 按平台优先选 MapView.weapp.tsx / MapView.h5.tsx
export { MapView } from './MapView.h5';
